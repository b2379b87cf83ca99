package dev.tcpswarm.plan;

import java.net.InetAddress;
import java.util.List;

/**
 * What a run will do, decided before it starts: how many connections, when each one starts, how
 * long to wait for each, and what to do once they are all resolved. The engine reads it; the command
 * line builds it.
 *
 * @param connections exactly this many connection slots
 * @param startIntervalNanos time between planned starts; 0 means as fast as the machine allows
 * @param dialTimeoutMillis connect timeout per attempt
 * @param holdNanos how long to keep the established connections open once all are resolved (0: none)
 * @param reconnect reopen, during the hold, each connection the server closes
 * @param maxDurationNanos hard deadline for the whole run (0: none)
 * @param closeMode how tcpswarm closes its connections at the end
 * @param sources local source addresses to spread connections over (empty: the kernel chooses)
 * @param threads event-loop threads
 */
public record LoadPlan(Target target, int connections, long startIntervalNanos, int dialTimeoutMillis,
        long holdNanos, boolean reconnect, long maxDurationNanos, CloseMode closeMode, List<InetAddress> sources,
        int threads) {

    public LoadPlan {
        sources = List.copyOf(sources);
    }

    /** True when starts are paced (a rate or a sleep was given), so lateness means something. */
    public boolean paced() {
        return startIntervalNanos > 0;
    }

    /** Planned start of connection {@code index}, in nanoseconds after the run's start. */
    public long plannedStartNanos(long index) {
        return index * startIntervalNanos;
    }

    /** The time the plan needs to start every connection. */
    public long rampNanos() {
        return connections <= 1 ? 0 : (connections - 1L) * startIntervalNanos;
    }

    /** Planned starts per second, or 0 when unpaced. */
    public double ratePerSecond() {
        return startIntervalNanos == 0 ? 0 : 1e9 / startIntervalNanos;
    }
}
