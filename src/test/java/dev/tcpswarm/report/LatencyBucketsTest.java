package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.stats.ConnectionTracker;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    @Test
    void countsEachRangeFromAMicrosecondHistogram() {
        Histogram h = ConnectionTracker.newHistogram();
        h.recordValue(0);
        h.recordValue(99_000);          // 99 ms
        h.recordValue(100_500);         // just over 100 ms
        h.recordValue(499_000);
        h.recordValue(750_000);
        h.recordValue(1_999_000);
        h.recordValue(2_100_000);
        h.recordValue(3_600_000_000L);  // the histogram's ceiling, one hour

        LatencyBuckets buckets = LatencyBuckets.of(h, 4);

        assertEquals(List.of(2L, 2L, 1L, 1L, 2L, 4L), buckets.counts());
        assertEquals(12, buckets.total());
        assertEquals(LatencyBuckets.LABELS, List.copyOf(buckets.byLabel().keySet()));
        assertEquals(2L, buckets.byLabel().get(">2000ms"));
    }

    @Test
    void anEmptyHistogramCountsOnlyTheFailures() {
        LatencyBuckets buckets = LatencyBuckets.of(ConnectionTracker.newHistogram(), 3);
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 3L), buckets.counts());
    }
}
