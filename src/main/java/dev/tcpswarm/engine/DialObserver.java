package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;

/**
 * Per-connection events, for {@code --debug}. Called from event-loop threads (and, for failures
 * Netty completes elsewhere, from other threads), so implementations must be thread-safe and quick.
 */
public interface DialObserver {
    DialObserver NONE = new DialObserver() { };

    default void dialing(int slot, boolean reopen) {
    }

    default void established(int slot, long connectNanos) {
    }

    default void failed(int slot, ErrorReason reason, long elapsedNanos, Throwable cause) {
    }

    default void closedByPeer(int slot, boolean reset, long lifetimeNanos) {
    }

    /** Both observers, {@code first} told first; either may be null (none). */
    static DialObserver both(DialObserver first, DialObserver second) {
        if (first == null || second == null) {
            return first != null ? first : second != null ? second : NONE;
        }
        return new DialObserver() {
            @Override
            public void dialing(int slot, boolean reopen) {
                first.dialing(slot, reopen);
                second.dialing(slot, reopen);
            }

            @Override
            public void established(int slot, long connectNanos) {
                first.established(slot, connectNanos);
                second.established(slot, connectNanos);
            }

            @Override
            public void failed(int slot, ErrorReason reason, long elapsedNanos, Throwable cause) {
                first.failed(slot, reason, elapsedNanos, cause);
                second.failed(slot, reason, elapsedNanos, cause);
            }

            @Override
            public void closedByPeer(int slot, boolean reset, long lifetimeNanos) {
                first.closedByPeer(slot, reset, lifetimeNanos);
                second.closedByPeer(slot, reset, lifetimeNanos);
            }
        };
    }
}
