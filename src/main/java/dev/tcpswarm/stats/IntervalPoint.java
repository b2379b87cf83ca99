package dev.tcpswarm.stats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One progress interval, digested: what a chart over time needs (the counts per state at its end,
 * the starts, establishments and late starts in it, its failures by reason, its traffic, and the
 * percentiles of the latencies drawn over time) without the interval's histograms, so that a long run can keep
 * every interval in a few hundred bytes each. Immutable; made on the progress ticker's thread, read
 * by any.
 *
 * @param startEpochMillis when the interval began (wall clock)
 * @param endEpochMillis when it ended, the moment its counts were taken
 * @param latencies the digests of the interval's {@link #KEPT} latencies (microseconds); a series
 *     missing is one with nothing in it
 * @param errorsByReason the attempts that failed in the interval, by reason (the reasons with any);
 *     null when the intervals' source does not keep them (an HDR interval log, which merge reads)
 * @param traffic the messages and bytes of the interval; null where they are not counted
 */
public record IntervalPoint(long startEpochMillis, long endEpochMillis, StatusCounts counts, long startedInInterval,
        long establishedInInterval, long lateStartsInInterval, Map<LatencySeries, LatencySummary> latencies,
        Map<ErrorReason, Long> errorsByReason, IntervalTraffic traffic) {

    /**
     * The latencies kept per interval, the ones the HTML report draws over time: the connect's, from
     * the planned start, the TLS handshake's (empty in a run without TLS) and the response's (empty
     * in a run without {@code --expect}).
     */
    public static final List<LatencySeries> KEPT = List.of(LatencySeries.CONNECT, LatencySeries.PLANNED,
            LatencySeries.TLS_HANDSHAKE, LatencySeries.RESPONSE);

    public IntervalPoint {
        Map<LatencySeries, LatencySummary> kept = new EnumMap<>(LatencySeries.class);
        kept.putAll(latencies);
        latencies = Collections.unmodifiableMap(kept);
        if (errorsByReason != null) {
            Map<ErrorReason, Long> copy = new EnumMap<>(ErrorReason.class);
            copy.putAll(errorsByReason);
            errorsByReason = Collections.unmodifiableMap(copy);
        }
    }

    /** An interval whose traffic is not counted. */
    public IntervalPoint(long startEpochMillis, long endEpochMillis, StatusCounts counts, long startedInInterval,
            long establishedInInterval, long lateStartsInInterval, Map<LatencySeries, LatencySummary> latencies,
            Map<ErrorReason, Long> errorsByReason) {
        this(startEpochMillis, endEpochMillis, counts, startedInInterval, establishedInInterval, lateStartsInInterval,
                latencies, errorsByReason, null);
    }

    /** The digest of {@code sample}, without errors by reason; its start is the start timestamp of its histograms. */
    public static IntervalPoint of(IntervalSample sample) {
        return of(sample, null);
    }

    /** The digest of {@code sample}, with the attempts that failed in it by reason (or null). */
    public static IntervalPoint of(IntervalSample sample, Map<ErrorReason, Long> errorsByReason) {
        Map<LatencySeries, LatencySummary> latencies = new EnumMap<>(LatencySeries.class);
        for (LatencySeries s : KEPT) {
            if (sample.latency(s).getTotalCount() > 0) {
                latencies.put(s, LatencySummary.of(sample.latency(s)));
            }
        }
        return new IntervalPoint(sample.connectLatency().getStartTimeStamp(), sample.epochMillis(), sample.counts(),
                sample.startedInInterval(), sample.establishedInInterval(), sample.lateStartsInInterval(), latencies,
                errorsByReason, sample.traffic());
    }

    /**
     * Whether every one of {@code intervals} counts its traffic: none is of a run that sends nothing,
     * or of an older version's interval log.
     */
    public static boolean trafficCounted(List<IntervalPoint> intervals) {
        return intervals.stream().allMatch(p -> p.traffic() != null);
    }

    /** The digest of the interval's {@code series} latency ({@link LatencySummary#EMPTY} for none, or one not kept). */
    public LatencySummary latency(LatencySeries series) {
        return latencies.getOrDefault(series, LatencySummary.EMPTY);
    }

    /** The interval's connect latency, from the connect call. */
    public LatencySummary connectLatency() {
        return latency(LatencySeries.CONNECT);
    }

    /** The interval's latency from the planned start. */
    public LatencySummary plannedLatency() {
        return latency(LatencySeries.PLANNED);
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
