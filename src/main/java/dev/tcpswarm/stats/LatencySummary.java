package dev.tcpswarm.stats;

import org.HdrHistogram.AbstractHistogram;

/**
 * The usual digest of a latency histogram whose values are microseconds: count, min/avg/max/stddev
 * and the percentiles the report and the JSON result show.
 */
public record LatencySummary(long count, long minMicros, double avgMicros, long maxMicros, double stddevMicros,
        long p50Micros, long p90Micros, long p99Micros, long p999Micros) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary of(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getMinValue(), h.getMean(), h.getMaxValue(),
                h.getStdDeviation(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9));
    }
}
