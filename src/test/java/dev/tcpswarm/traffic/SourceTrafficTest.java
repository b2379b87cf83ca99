package dev.tcpswarm.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event time, the window and the intervals, driven line by line with an injected wall time. */
class SourceTrafficTest {
    private static final long T0 = 1549573860; // 2019-02-07T21:11:00Z, a multiple of 10

    private final List<TrafficAlert> alerts = new ArrayList<>();
    private final List<IntervalStats> intervals = new ArrayList<>();
    private final TrafficListener listener = new TrafficListener() {
        @Override
        public void alert(TrafficAlert alert) {
            alerts.add(alert);
        }

        @Override
        public void intervalClosed(IntervalStats stats) {
            intervals.add(stats);
        }
    };

    private static Request at(long second, int status) {
        return new Request("10.0.0.1", second, "GET", "/api/user", status, 100);
    }

    @Test
    void thePlannedTrafficAlertsOnceAndRecoversOnceAtTheSecondTheAverageCrossed() {
        SourceTraffic t = new SourceTraffic("fixture", 10, 120, 10, List.of(TrafficRule.highTraffic(10)), listener);
        long s = T0;
        for (int[] phase : new int[][] {{120, 5}, {180, 20}, {300, 5}}) {
            for (int i = 0; i < phase[0]; i++, s++) {
                for (int k = 0; k < phase[1]; k++) {
                    t.accept(at(s, 200), 0);
                }
            }
        }
        t.finish();
        assertEquals(2, alerts.size(), alerts.toString());
        // 41 seconds at 20/s make the window 600 + 41*15 = 1215 hits > 1200
        assertEquals("High traffic generated an alert - hits = 1215, triggered at 2019-02-07T21:13:40Z",
                alerts.get(0).message());
        assertEquals(T0 + 160, alerts.get(0).second());
        // 80 seconds back at 5/s bring it to 2400 - 80*15 = 1200, no longer above
        assertEquals("Traffic back to normal - hits = 1200, recovered at 2019-02-07T21:17:19Z", alerts.get(1).message());
        assertEquals(60, intervals.size());
        assertTrue(intervals.stream().allMatch(i -> i.end() - i.start() == 10));
        assertEquals(50, intervals.get(0).hits());
        assertEquals(200, intervals.get(12).hits());
        assertEquals(120 * 5 + 180 * 20 + 300 * 5, t.total().hits());
    }

    @Test
    void aLineWithinTheLatenessCountsInItsSecondAndOneBeyondItIsLate() {
        SourceTraffic t = new SourceTraffic("s", 10, 120, 10, List.of(), listener);
        t.accept(at(T0 + 20, 200), 0);
        t.accept(at(T0 + 11, 200), 0); // 9 s older than the newest: still counted in [T0+10, T0+20)
        t.accept(at(T0 + 31, 200), 0); // T0+20 and earlier are final now
        t.accept(at(T0 + 20, 200), 0); // exactly 11 s older than the newest: late
        t.finish();
        assertEquals(1, t.total().late());
        assertEquals(3, t.total().hits());
        assertEquals(List.of(1L, 1L, 1L), intervals.stream().map(IntervalStats::hits).toList());
    }

    @Test
    void anIdleLiveLogMovesOnWithTheWallClockAndRecovers() {
        SourceTraffic t = new SourceTraffic("s", 10, 20, 5, List.of(TrafficRule.highTraffic(1)), listener);
        for (int i = 0; i < 40; i++) {
            t.accept(at(T0, 200), 0);
        }
        assertEquals(List.of(), alerts);
        t.advance(10_000_000_000L); // clock T0+10: T0..T0+4 final
        assertEquals(1, alerts.size());
        assertEquals(T0, alerts.get(0).second());
        t.advance(40_000_000_000L); // clock T0+40: the 40 hits left the window at T0+20
        assertEquals(2, alerts.size());
        assertEquals("Traffic back to normal - hits = 0, recovered at 2019-02-07T21:11:20Z", alerts.get(1).message());
        assertEquals(3, intervals.size()); // T0.., T0+10.., T0+20.. closed; T0+30.. needs T0+39 final
    }

    @Test
    void aLongGapIsOneIdleSpanNotAStepPerSecond() {
        SourceTraffic t = new SourceTraffic("s", 10, 120, 0, List.of(TrafficRule.lowTraffic(0.001)), listener);
        t.accept(at(T0, 200), 0);
        t.accept(at(T0 + 200, 200), 0);
        t.accept(at(T0 + 86_400 * 365, 200), 0); // a year later
        t.finish();
        assertTrue(intervals.size() < 100, intervals.size() + " intervals");
        assertEquals(3, intervals.stream().mapToLong(IntervalStats::hits).sum());
        assertEquals(T0 + 86_400 * 365 + 1, intervals.get(intervals.size() - 1).end());
        long covered = intervals.stream().mapToLong(i -> i.end() - i.start()).sum();
        assertEquals(86_400 * 365 + 1, covered); // every second in exactly one interval or span
    }

    @Test
    void fiveHundredsRatioAndSectionRules() {
        SourceTraffic t = new SourceTraffic("s", 10, 10, 0,
                List.of(TrafficRule.serverErrors(0.2, 10), TrafficRule.sectionTraffic("/report", 1)), listener);
        for (int i = 0; i < 9; i++) {
            t.accept(at(T0, 500), 0); // 9 of 9, but fewer than 10 hits: not judged
        }
        t.accept(at(T0 + 1, 200), 0);
        assertEquals(List.of(), alerts);
        t.accept(new Request("h", T0 + 1, "GET", "/report/x", 200, 1), 0);
        t.accept(at(T0 + 2, 200), 0);
        assertEquals(1, alerts.size());
        assertEquals("High 5xx ratio generated an alert - 5xx = 9 of 11 hits (81.8%), triggered at "
                + "2019-02-07T21:11:01Z", alerts.get(0).message());
        for (int i = 0; i < 11; i++) {
            t.accept(new Request("h", T0 + 3, "GET", "/report", 200, 1), 0);
        }
        t.accept(at(T0 + 4, 200), 0);
        assertEquals("High traffic on /report generated an alert - hits = 12, triggered at 2019-02-07T21:11:03Z",
                alerts.get(alerts.size() - 1).message());
    }
}
