package dev.tcpswarm.stats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What happened during one progress interval: the state counts at its end, how many connections
 * were started, established and started late in it, and one histogram per {@link LatencySeries}
 * (microseconds, each with the interval's start and end timestamps set): connect latency from the
 * connect call and from the planned start, time to error, time to close, schedule lag, and the
 * phases' (TLS handshake), the values recorded in it; and the traffic on held connections in it.
 * Made by the tracker on the progress ticker's thread; immutable once handed out.
 *
 * @param latencies a histogram for every series (empty where the interval, or the run, has none)
 * @param traffic the messages and bytes of the interval; null where they are not counted (a run
 *     that sends nothing, an interval log of an older version)
 */
public record IntervalSample(long epochMillis, StatusCounts counts, long startedInInterval,
        long establishedInInterval, long lateStartsInInterval, Map<LatencySeries, Histogram> latencies,
        IntervalTraffic traffic) {

    public IntervalSample {
        EnumMap<LatencySeries, Histogram> all = new EnumMap<>(LatencySeries.class);
        all.putAll(latencies);
        Histogram any = all.isEmpty() ? null : all.values().iterator().next();
        for (LatencySeries s : LatencySeries.values()) {
            if (!all.containsKey(s)) {
                Histogram none = new Histogram(ConnectionTracker.SIGNIFICANT_DIGITS); // grows only if written
                if (any != null) {
                    stamped(none, any.getStartTimeStamp(), any.getEndTimeStamp());
                }
                all.put(s, none);
            }
        }
        latencies = Collections.unmodifiableMap(all);
    }

    /** An interval of the series every run records (none of a phase's). */
    public IntervalSample(long epochMillis, StatusCounts counts, long startedInInterval, long establishedInInterval,
            long lateStartsInInterval, Histogram connectLatency, Histogram plannedLatency, Histogram timeToError,
            Histogram timeToClose, Histogram scheduleLag) {
        this(epochMillis, counts, startedInInterval, establishedInInterval, lateStartsInInterval,
                Map.of(LatencySeries.CONNECT, connectLatency, LatencySeries.PLANNED, plannedLatency,
                        LatencySeries.TIME_TO_ERROR, timeToError, LatencySeries.TIME_TO_CLOSE, timeToClose,
                        LatencySeries.SCHEDULE_LAG, scheduleLag), null);
    }

    /** The interval's histogram of {@code series}. */
    public Histogram latency(LatencySeries series) {
        return latencies.get(series);
    }

    public Histogram connectLatency() {
        return latency(LatencySeries.CONNECT);
    }

    public Histogram plannedLatency() {
        return latency(LatencySeries.PLANNED);
    }

    public Histogram timeToError() {
        return latency(LatencySeries.TIME_TO_ERROR);
    }

    public Histogram timeToClose() {
        return latency(LatencySeries.TIME_TO_CLOSE);
    }

    public Histogram scheduleLag() {
        return latency(LatencySeries.SCHEDULE_LAG);
    }

    /** When the interval began (epoch milliseconds): its histograms' start timestamp. */
    public long startEpochMillis() {
        return connectLatency().getStartTimeStamp();
    }

    /**
     * This interval and {@code other}'s as one, for intervals of trackers that ran at the same time
     * (the shards of one plan, on a common clock): counts and histograms add up, and the interval
     * runs from the earlier start to the later end.
     */
    public IntervalSample plus(IntervalSample other) {
        long start = Math.min(startEpochMillis(), other.startEpochMillis());
        long end = Math.max(epochMillis, other.epochMillis);
        Map<LatencySeries, Histogram> sums = new EnumMap<>(LatencySeries.class);
        for (LatencySeries s : LatencySeries.values()) {
            sums.put(s, stamped(TrackerTotals.sum(latency(s), other.latency(s)), start, end));
        }
        return new IntervalSample(end, counts.plus(other.counts), startedInInterval + other.startedInInterval,
                establishedInInterval + other.establishedInInterval, lateStartsInInterval + other.lateStartsInInterval,
                sums, traffic == null || other.traffic == null ? null : traffic.plus(other.traffic));
    }

    /** {@code h} with the interval's start and end timestamps (epoch milliseconds) set; returns it. */
    public static Histogram stamped(Histogram h, long startEpochMillis, long endEpochMillis) {
        h.setStartTimeStamp(startEpochMillis);
        h.setEndTimeStamp(endEpochMillis);
        return h;
    }
}
