package dev.tcpswarm.stats;

/**
 * One progress interval, digested: what a chart over time needs (the counts per state at its end,
 * the starts, establishments and late starts in it, and its latency percentiles) without the
 * interval's histograms, so that a long run can keep every interval in a few hundred bytes each.
 * Immutable; made on the progress ticker's thread, read by any.
 *
 * @param startEpochMillis when the interval began (wall clock)
 * @param endEpochMillis when it ended, the moment its counts were taken
 * @param connectLatency the interval's connect latency, from the connect call (microseconds)
 * @param plannedLatency the interval's latency from the planned start (microseconds)
 */
public record IntervalPoint(long startEpochMillis, long endEpochMillis, StatusCounts counts, long startedInInterval,
        long establishedInInterval, long lateStartsInInterval, LatencySummary connectLatency,
        LatencySummary plannedLatency) {

    /** The digest of {@code sample}; its start is the start timestamp of its histograms. */
    public static IntervalPoint of(IntervalSample sample) {
        return new IntervalPoint(sample.connectLatency().getStartTimeStamp(), sample.epochMillis(), sample.counts(),
                sample.startedInInterval(), sample.establishedInInterval(), sample.lateStartsInInterval(),
                LatencySummary.of(sample.connectLatency()), LatencySummary.of(sample.plannedLatency()));
    }

    /** The interval's length in milliseconds. */
    public long lengthMillis() {
        return endEpochMillis - startEpochMillis;
    }

    /** Connections established per second in this interval; NaN for an interval too short to say. */
    public double establishedPerSecond() {
        return perSecond(establishedInInterval);
    }

    /** Connect attempts started per second in this interval; NaN for an interval too short to say. */
    public double startedPerSecond() {
        return perSecond(startedInInterval);
    }

    private double perSecond(long count) {
        return lengthMillis() <= 0 ? Double.NaN : count * 1000.0 / lengthMillis();
    }
}
