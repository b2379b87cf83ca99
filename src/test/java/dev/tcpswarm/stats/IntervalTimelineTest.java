package dev.tcpswarm.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each interval of a real tracker, kept as a digest: its counts, its percentiles, and its rates over its own length. */
class IntervalTimelineTest {

    @Test
    void keepsEveryIntervalInOrderWithItsCountsPercentilesAndLength() throws InterruptedException {
        ConnectionTracker tracker = new ConnectionTracker(5);
        LoopRecorder trackerLoop = tracker.newLoopRecorder();
        IntervalTimeline timeline = new IntervalTimeline(tracker::errorsByReason);
        for (int i = 0; i < 3; i++) {
            trackerLoop.dialStarted();
        }
        trackerLoop.established(TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(3), false);
        trackerLoop.established(TimeUnit.MILLISECONDS.toNanos(4), TimeUnit.MILLISECONDS.toNanos(9), false);
        Thread.sleep(20);
        IntervalSample first = tracker.sampleInterval();
        timeline.interval(first);
        trackerLoop.failed(ErrorReason.REFUSED, 1000, false);
        trackerLoop.dialStarted();
        trackerLoop.failed(ErrorReason.TIMEOUT, 1000, false);
        trackerLoop.dialStarted();
        trackerLoop.failed(ErrorReason.TIMEOUT, 1000, false);
        timeline.finished(tracker.sampleInterval());

        List<IntervalPoint> points = timeline.points();
        assertEquals(2, points.size());
        IntervalPoint p = points.get(0);
        assertEquals(first.epochMillis(), p.endEpochMillis());
        assertEquals(first.connectLatency().getStartTimeStamp(), p.startEpochMillis());
        assertTrue(p.lengthMillis() >= 20, "the interval lasted the sleep: " + p.lengthMillis());
        assertEquals(new StatusCounts(5, 1, 2, 0, 0, 2), p.counts());
        assertEquals(3, p.startedInInterval());
        assertEquals(2, p.establishedInInterval());
        assertEquals(LatencySummary.of(first.connectLatency()), p.connectLatency());
        assertEquals(LatencySummary.of(first.plannedLatency()), p.plannedLatency());
        assertEquals(2 * 1000.0 / p.lengthMillis(), p.establishedPerSecond(), 1e-9);
        assertEquals(3 * 1000.0 / p.lengthMillis(), p.startedPerSecond(), 1e-9);

        IntervalPoint second = points.get(1);
        assertEquals(p.endEpochMillis(), second.startEpochMillis(), "the intervals follow each other");
        assertEquals(3, second.counts().error());
        assertEquals(0, second.connectLatency().count());
        assertEquals(Map.of(), p.errorsByReason(), "nothing failed in the first interval");
        assertEquals(Map.of(ErrorReason.REFUSED, 1L, ErrorReason.TIMEOUT, 2L), second.errorsByReason(),
                "the second interval's failures, by reason");
    }

    @Test
    void anIntervalOfNoLengthHasNoRate() {
        IntervalPoint p = new IntervalPoint(1000, 1000, new StatusCounts(1, 0, 1, 0, 0, 0), 1, 1, 0,
                Map.of(), Map.of());
        assertTrue(Double.isNaN(p.establishedPerSecond()));
        assertTrue(Double.isNaN(p.startedPerSecond()));
    }
}
