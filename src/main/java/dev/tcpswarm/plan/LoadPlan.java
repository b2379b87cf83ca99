package dev.tcpswarm.plan;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * What a run will do, decided before it starts: how many connections, when each one starts, how
 * long to wait for each, and what to do once they are all resolved. The engine reads it; the command
 * line builds it. It describes what this process does: for one shard of a plan that several
 * processes share ({@link #slice}), its own connections, pace and source addresses, and in
 * {@link #shard()} the whole plan's.
 *
 * @param connections exactly this many connection slots
 * @param startIntervalNanos time between this process's planned starts; 0 means as fast as the machine allows
 * @param dialTimeoutMillis connect timeout per attempt
 * @param holdNanos how long to keep the established connections open once all are resolved (0: none)
 * @param reconnect reopen, during the hold, each connection the server closes
 * @param maxDurationNanos hard deadline for the whole run (0: none)
 * @param closeMode how tcpswarm closes its connections at the end
 * @param sources local source addresses to spread connections over (empty: the kernel chooses)
 * @param threads event-loop threads
 * @param shard this process's place in the whole plan (the whole plan itself when run alone)
 * @param startAt when the planned-start clock starts (shards started together); null: as soon as ready
 */
public record LoadPlan(Target target, int connections, long startIntervalNanos, int dialTimeoutMillis,
        long holdNanos, boolean reconnect, long maxDurationNanos, CloseMode closeMode, List<InetAddress> sources,
        int threads, Shard shard, Instant startAt) {

    public LoadPlan {
        sources = List.copyOf(sources);
    }

    /** The whole plan, run by this process alone, starting as soon as it is ready. */
    public LoadPlan(Target target, int connections, long startIntervalNanos, int dialTimeoutMillis, long holdNanos,
            boolean reconnect, long maxDurationNanos, CloseMode closeMode, List<InetAddress> sources, int threads) {
        this(target, connections, startIntervalNanos, dialTimeoutMillis, holdNanos, reconnect, maxDurationNanos,
                closeMode, sources, threads, Shard.whole(connections, startIntervalNanos, sources), null);
    }

    /**
     * Shard {@code index} of {@code count} of this (whole) plan: its share of the connections and of
     * the source addresses, at its share of the pace, its planned starts interleaved with the other
     * shards' on the whole plan's clock.
     */
    public LoadPlan slice(int index, int count) {
        Shard s = new Shard(index, count, connections, startIntervalNanos, sources);
        return new LoadPlan(target, (int) s.share(connections), startIntervalNanos * count, dialTimeoutMillis,
                holdNanos, reconnect, maxDurationNanos, closeMode, s.blockOf(sources), threads, s, startAt);
    }

    /** The same plan, its planned-start clock starting at {@code at}. */
    public LoadPlan startingAt(Instant at) {
        return new LoadPlan(target, connections, startIntervalNanos, dialTimeoutMillis, holdNanos, reconnect,
                maxDurationNanos, closeMode, sources, threads, shard, at);
    }

    /** True when starts are paced (a rate or a sleep was given), so lateness means something. */
    public boolean paced() {
        return startIntervalNanos > 0;
    }

    /** Planned start of connection {@code index}, in nanoseconds after the run's start (the whole plan's clock). */
    public long plannedStartNanos(long index) {
        return shard.plannedStartNanos(index);
    }

    /** The time the plan needs to start every connection. */
    public long rampNanos() {
        return connections == 0 ? 0 : plannedStartNanos(connections - 1L);
    }

    /** Planned starts per second, or 0 when unpaced. */
    public double ratePerSecond() {
        return startIntervalNanos == 0 ? 0 : 1e9 / startIntervalNanos;
    }
}
