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
}
