package dev.tcpswarm.stats;

import org.HdrHistogram.Histogram;

/**
 * What happened during one progress interval: the state counts at its end, how many connections
 * were started, established and started late in it, and its latency histograms (microseconds,
 * with the interval's start and end timestamps set): from the connect call, and from the planned
 * start.
 */
public record IntervalSample(long epochMillis, StatusCounts counts, long startedInInterval,
        long establishedInInterval, long lateStartsInInterval, Histogram connectLatency, Histogram plannedLatency) {
}
