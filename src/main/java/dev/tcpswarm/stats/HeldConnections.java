package dev.tcpswarm.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many connections are established right now across every tracker that shares this, and the
 * most there were at once. A ramp's levels each have their own tracker but hold their connections
 * together, and the sum of each tracker's peak is only an upper bound of the true peak (a level's
 * connections the server closed no longer count when the next level peaks). Thread-safe and
 * lock-free: called by the trackers, from any thread.
 */
public final class HeldConnections {
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /** One more established. */
    public void opened() {
        long n = now.incrementAndGet();
        long p = peak.get();
        while (n > p && !peak.compareAndSet(p, n)) { // a write only for a new peak
            p = peak.get();
        }
    }

    /** One established connection ended. */
    public void closed() {
        now.decrementAndGet();
    }

    /** Established right now. */
    public long now() {
        return now.get();
    }

    /** The most established at once so far. */
    public long peak() {
        return peak.get();
    }
}
