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

    /**
     * Every slot established at some point and none failed (a connection the server closed later
     * still counts, and so does a slot reopened during the hold).
     */
    public boolean allEstablished() {
        StatusCounts c = totals.counts();
        return c.error() == 0 && c.dialing() == 0 && c.notInitiated() == 0;
    }

    /** Failed attempts over resolved attempts, 0..1. */
    public double errorRate() {
        long resolved = totals.everEstablished() + totals.counts().error();
        return resolved == 0 ? 0 : (double) totals.counts().error() / resolved;
    }
}
