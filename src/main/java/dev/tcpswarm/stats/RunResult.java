package dev.tcpswarm.stats;

import java.time.Instant;

/**
 * The outcome of one run, as every reporter sees it: the tracker's totals, when it ran, whether it
 * was cut short, and what it cost.
 *
 * @param interrupted Ctrl-C or SIGTERM stopped it
 * @param deadlineReached --max-duration stopped it
 * @param peakRssBytes the process's peak resident memory (VmHWM), or -1 where unknown
 */
public record RunResult(Instant start, Instant end, long wallNanos, TrackerTotals totals, boolean interrupted,
        boolean deadlineReached, long peakRssBytes) {

    public StatusCounts counts() {
        return totals.counts();
    }

    /** Every slot established at some point (a connection the server closed later still counts). */
    public boolean allEstablished() {
        return totals.everEstablished() == totals.counts().total() && totals.counts().error() == 0;
    }

    /** Failed attempts over resolved attempts, 0..1. */
    public double errorRate() {
        long resolved = totals.everEstablished() + totals.counts().error();
        return resolved == 0 ? 0 : (double) totals.counts().error() / resolved;
    }
}
