package dev.tcpswarm.stats;

import org.HdrHistogram.Histogram;

/**
 * What happened during one progress interval: the state counts at its end, how many connections
 * were started, established and started late in it, and its histograms (microseconds, each with
 * the interval's start and end timestamps set): connect latency from the connect call and from the
 * planned start, time to error, time to close and schedule lag, the values recorded in it. Made
 * by the tracker on the progress ticker's thread; immutable once handed out.
 */
public record IntervalSample(long epochMillis, StatusCounts counts, long startedInInterval,
        long establishedInInterval, long lateStartsInInterval, Histogram connectLatency, Histogram plannedLatency,
        Histogram timeToError, Histogram timeToClose, Histogram scheduleLag) {

    /** When the interval began (epoch milliseconds): its histograms' start timestamp. */
    public long startEpochMillis() {
        return connectLatency.getStartTimeStamp();
    }

    /**
     * This interval and {@code other}'s as one, for intervals of trackers that ran at the same time
     * (the shards of one plan, on a common clock): counts and histograms add up, and the interval
     * runs from the earlier start to the later end.
     */
    public IntervalSample plus(IntervalSample other) {
        long start = Math.min(startEpochMillis(), other.startEpochMillis());
        long end = Math.max(epochMillis, other.epochMillis);
        return new IntervalSample(end, counts.plus(other.counts), startedInInterval + other.startedInInterval,
                establishedInInterval + other.establishedInInterval, lateStartsInInterval + other.lateStartsInInterval,
                stamped(TrackerTotals.sum(connectLatency, other.connectLatency), start, end),
                stamped(TrackerTotals.sum(plannedLatency, other.plannedLatency), start, end),
                stamped(TrackerTotals.sum(timeToError, other.timeToError), start, end),
                stamped(TrackerTotals.sum(timeToClose, other.timeToClose), start, end),
                stamped(TrackerTotals.sum(scheduleLag, other.scheduleLag), start, end));
    }

    /** {@code h} with the interval's start and end timestamps (epoch milliseconds) set; returns it. */
    public static Histogram stamped(Histogram h, long startEpochMillis, long endEpochMillis) {
        h.setStartTimeStamp(startEpochMillis);
        h.setEndTimeStamp(endEpochMillis);
        return h;
    }
}
