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

    /**
     * The old Python monitor's ranges are (0,100], (100,500], (500,1000], (1000,2000] and over:
     * exactly 100 ms is in the first, one microsecond more in the second, at every bound, in the
     * run's histogram (3 digits) and the monitor's (2 digits: a bucket 512 us wide around 100 ms).
     */
    @Test
    void theRangesIncludeTheirUpperBoundAsTheOriginalMonitorsDo() {
        for (org.HdrHistogram.AbstractHistogram h : List.of(ConnectionTracker.newHistogram(),
                dev.tcpswarm.monitor.PeriodStats.newConnectMicros())) {
            for (long bound : List.of(100_000L, 500_000L, 1_000_000L, 2_000_000L)) {
                h.recordValue(bound);
                h.recordValue(LatencyBuckets.recordable(h, bound + 1));
                h.recordValue(LatencyBuckets.recordable(h, bound - 1));
            }
            assertEquals(List.of(2L, 3L, 3L, 3L, 1L, 0L), LatencyBuckets.of(h, 0).counts(),
                    h.getNumberOfSignificantValueDigits() + " digits");
        }
    }

    @Test
    void theDailyTableCountsAProbeOfExactly100msInTheFirstRange() {
        dev.tcpswarm.monitor.ManualClock clock = new dev.tcpswarm.monitor.ManualClock(
                java.time.LocalDateTime.of(2025, 10, 8, 14, 0), java.time.ZoneOffset.UTC);
        dev.tcpswarm.monitor.PeriodStats stats = new dev.tcpswarm.monitor.PeriodStats(clock.zone());
        for (long micros : List.of(100_000L, 100_001L, 100_400L, 500_000L, 2_000_000L, 2_000_001L)) {
            stats.probed(dev.tcpswarm.monitor.Results.openMicros("db", clock, micros));
        }
        stats.summary(new dev.tcpswarm.monitor.SummaryPeriod(clock.epochMillis(), clock.epochMillis(), true));
        assertEquals(List.of(1L, 3L, 0L, 1L, 1L, 0L), stats.lastRows().get(0).buckets().counts());
    }
}
