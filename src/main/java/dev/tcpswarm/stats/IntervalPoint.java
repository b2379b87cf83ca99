package dev.tcpswarm.stats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

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
 * @param errorsByReason the attempts that failed in the interval, by reason (the reasons with any);
 *     null when the intervals' source does not keep them (an HDR interval log, which merge reads)
 */
public record IntervalPoint(long startEpochMillis, long endEpochMillis, StatusCounts counts, long startedInInterval,
        long establishedInInterval, long lateStartsInInterval, LatencySummary connectLatency,
        LatencySummary plannedLatency, Map<ErrorReason, Long> errorsByReason) {

    public IntervalPoint {
        if (errorsByReason != null) {
            Map<ErrorReason, Long> copy = new EnumMap<>(ErrorReason.class);
            copy.putAll(errorsByReason);
            errorsByReason = Collections.unmodifiableMap(copy);
        }
    }

    /** The digest of {@code sample}, without errors by reason; its start is the start timestamp of its histograms. */
    public static IntervalPoint of(IntervalSample sample) {
        return of(sample, null);
    }

    /** The digest of {@code sample}, with the attempts that failed in it by reason (or null). */
    public static IntervalPoint of(IntervalSample sample, Map<ErrorReason, Long> errorsByReason) {
        return new IntervalPoint(sample.connectLatency().getStartTimeStamp(), sample.epochMillis(), sample.counts(),
                sample.startedInInterval(), sample.establishedInInterval(), sample.lateStartsInInterval(),
                LatencySummary.of(sample.connectLatency()), LatencySummary.of(sample.plannedLatency()),
                errorsByReason);
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
