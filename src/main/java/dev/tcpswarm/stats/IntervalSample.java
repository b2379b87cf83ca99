package dev.tcpswarm.stats;

import org.HdrHistogram.Histogram;

/**
 * What happened during one progress interval: the state counts at its end, how many connections
 * were started and established in it, and its connect-latency histogram (microseconds, with the
 * interval's start and end timestamps set).
 */
public record IntervalSample(long epochMillis, StatusCounts counts, long startedInInterval,
        long establishedInInterval, Histogram connectLatency) {
}
