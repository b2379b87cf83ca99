package dev.tcpswarm.store;

import org.HdrHistogram.IntCountsHistogram;

/**
 * One service's probes in one minute (or the part of it a range covers): how many, how many failed,
 * and the connect times' percentiles, from an HdrHistogram of microseconds (decoded from the store
 * only when asked for, to merge minutes into longer periods). Immutable once made; any thread.
 */
public final class MinuteStats {
    private final long minuteEpochMillis;
    private final long probes;
    private final long failures;
    private final long p50Micros;
    private final long p95Micros;
    private final long p99Micros;
    private final byte[] encoded;
    private IntCountsHistogram histogram;

    private MinuteStats(long minuteEpochMillis, long probes, long failures, long p50Micros, long p95Micros,
            long p99Micros, byte[] encoded, IntCountsHistogram histogram) {
        this.minuteEpochMillis = minuteEpochMillis;
        this.probes = probes;
        this.failures = failures;
        this.p50Micros = p50Micros;
        this.p95Micros = p95Micros;
        this.p99Micros = p99Micros;
        this.encoded = encoded;
        this.histogram = histogram;
    }

    /** Counted just now from probes. */
    static MinuteStats of(long minute, long probes, long failures, IntCountsHistogram histogram) {
        boolean any = histogram.getTotalCount() > 0;
        return new MinuteStats(minute, probes, failures, any ? histogram.getValueAtPercentile(50) : -1,
                any ? histogram.getValueAtPercentile(95) : -1, any ? histogram.getValueAtPercentile(99) : -1, null,
                histogram);
    }

    /** A stored rollup; its histogram is decoded on first use. */
    static MinuteStats stored(long minute, long probes, long failures, long p50, long p95, long p99, byte[] encoded) {
        return new MinuteStats(minute, probes, failures, p50, p95, p99, encoded, null);
    }

    /** The minute's start, epoch milliseconds. */
    public long minuteEpochMillis() {
        return minuteEpochMillis;
    }

    public long probes() {
        return probes;
    }

    public long failures() {
        return failures;
    }

    /** Connect-time percentiles of the open probes in microseconds; -1 when none opened. */
    public long p50Micros() {
        return p50Micros;
    }

    public long p95Micros() {
        return p95Micros;
    }

    public long p99Micros() {
        return p99Micros;
    }

    /** The open probes' connect times (microseconds); do not change it. */
    public synchronized IntCountsHistogram histogram() {
        if (histogram == null) {
            histogram = encoded == null ? dev.tcpswarm.monitor.PeriodStats.newConnectMicros() : Rollups.decode(encoded);
        }
        return histogram;
    }
}
