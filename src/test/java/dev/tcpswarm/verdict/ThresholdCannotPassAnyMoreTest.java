package dev.tcpswarm.verdict;

import static dev.tcpswarm.verdict.TrackerRuns.closeByPeer;
import static dev.tcpswarm.verdict.TrackerRuns.establish;
import static dev.tcpswarm.verdict.TrackerRuns.establishLate;
import static dev.tcpswarm.verdict.TrackerRuns.fail;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.TrackerTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdCannotPassAnyMoreTest {

    private static boolean doomed(String expression, ConnectionTracker tracker, long maxAttempts) {
        return Threshold.parse(expression).cannotPassAnyMore(tracker.totals(), maxAttempts);
    }

    private static ConnectionTracker withErrors(int planned, int errors) {
        ConnectionTracker tracker = new ConnectionTracker(planned);
        for (int i = 0; i < errors; i++) {
            fail(tracker, ErrorReason.TIMEOUT);
        }
        return tracker;
    }

    @Test
    void anErrorCeilingIsDoomedOnceCrossed() {
        assertFalse(doomed("errors<=10", withErrors(100, 10), 100));
        assertTrue(doomed("errors<=10", withErrors(100, 11), 100));
        assertFalse(doomed("errors<10", withErrors(100, 9), 100));
        assertTrue(doomed("errors<10", withErrors(100, 10), 100));
        assertTrue(doomed("errors==0", withErrors(100, 1), 100));
        assertTrue(doomed("errors<=10", withErrors(100, 11), Long.MAX_VALUE));
    }

    @Test
    void aReasonCeilingCountsOnlyItsReason() {
        ConnectionTracker tracker = new ConnectionTracker(10);
        fail(tracker, ErrorReason.REFUSED, ErrorReason.REFUSED);
        assertFalse(doomed("errors_timeout<1", tracker, 10));
        assertTrue(doomed("errors_refused<=1", tracker, 10));
        assertTrue(doomed("errors_refused==0", tracker, 10));
    }

    @Test
    void anErrorFloorIsDoomedWhenTooFewAttemptsAreLeft() {
        ConnectionTracker tracker = new ConnectionTracker(10);
        establish(tracker, 100, 100, 100, 100, 100, 100, 100, 100);
        assertFalse(doomed("errors>=2", tracker, 10));
        assertTrue(doomed("errors>=3", tracker, 10));
        assertTrue(doomed("errors_reset>2", tracker, 10));
        assertFalse(doomed("errors>=3", tracker, Long.MAX_VALUE));
    }

    @Test
    void anEstablishedFloorIsDoomedOnceTooManySlotsFailed() {
        assertFalse(doomed("established>=9990", withErrors(10_000, 10), 10_000));
        assertTrue(doomed("established>=9990", withErrors(10_000, 11), 10_000));
        assertTrue(doomed("established>9990", withErrors(10_000, 10), 10_000));
        assertTrue(doomed("established==10000", withErrors(10_000, 1), 10_000));
        // reconnects can establish a slot more than once
        assertFalse(doomed("established>=9990", withErrors(10_000, 11), Long.MAX_VALUE));
    }

    @Test
    void anEstablishedCeilingIsDoomedOnceCrossed() {
        ConnectionTracker tracker = new ConnectionTracker(10);
        establish(tracker, 100, 100, 100);
        assertFalse(doomed("established<=3", tracker, 10));
        assertTrue(doomed("established<3", tracker, 10));
    }

    @Test
    void anErrorRateCeilingIsDoomedOnceTheErrorsAloneReachIt() {
        assertFalse(doomed("error_rate<1%", withErrors(1000, 9), 1000));
        assertTrue(doomed("error_rate<1%", withErrors(1000, 10), 1000));
        assertFalse(doomed("error_rate<=1%", withErrors(1000, 10), 1000));
        assertTrue(doomed("error_rate<=1%", withErrors(1000, 11), 1000));
        assertTrue(doomed("error_rate<=0.1%", withErrors(1000, 2), 1000));
        assertFalse(doomed("error_rate<1%", withErrors(1000, 0), 1000));
        // without a bound on attempts only a zero rate is already lost
        assertFalse(doomed("error_rate<1%", withErrors(1000, 500), Long.MAX_VALUE));
        assertTrue(doomed("error_rate==0", withErrors(1000, 1), Long.MAX_VALUE));
    }

    @Test
    void anErrorRateFloorIsDoomedOnceEnoughConnectionsSucceeded() {
        ConnectionTracker tracker = new ConnectionTracker(10);
        establish(tracker, 100, 100, 100, 100, 100, 100, 100, 100, 100);
        assertFalse(doomed("error_rate>=10%", tracker, 10));
        assertTrue(doomed("error_rate>10%", tracker, 10));
    }

    @Test
    void attemptsAreBoundedByThePlan() {
        ConnectionTracker tracker = withErrors(100, 6);
        assertTrue(doomed("attempts<=5", tracker, 100));
        assertFalse(doomed("attempts<=6", tracker, 100));
        assertFalse(doomed("attempts>=100", tracker, 100));
        assertTrue(doomed("attempts>100", tracker, 100));
    }

    @Test
    void closedCanShrinkOnlyByAReopen() {
        ConnectionTracker tracker = new ConnectionTracker(3);
        establish(tracker, 100, 100);
        closeByPeer(tracker, 1);
        // one attempt left: it could be a reopen of the closed connection
        assertFalse(doomed("closed==0", tracker, 3));
        establish(tracker, 100);
        assertTrue(doomed("closed==0", tracker, 3));
        assertFalse(doomed("closed==0", tracker, Long.MAX_VALUE));
        assertTrue(doomed("closed>3", tracker, 3));
    }

    @Test
    void maxConcurrentOnlyGrows() {
        ConnectionTracker tracker = new ConnectionTracker(100);
        establish(tracker, 100, 100, 100);
        assertTrue(doomed("max_concurrent<=2", tracker, 100));
        assertFalse(doomed("max_concurrent<=3", tracker, 100));
        assertFalse(doomed("max_concurrent>=100", tracker, 100));
        assertTrue(doomed("max_concurrent>100", tracker, 100));
    }

    @Test
    void latencyIsNotCertainExceptForMaxAndMin() {
        ConnectionTracker tracker = new ConnectionTracker(100);
        establish(tracker, 1500);
        assertTrue(doomed("max<1ms", tracker, 100));
        assertTrue(doomed("max<=1499us", tracker, 100));
        assertFalse(doomed("max<=1500us", tracker, 100));
        assertTrue(doomed("min>=1501us", tracker, 100));
        assertFalse(doomed("min>1ms", tracker, 100));
        assertFalse(doomed("min<1ms", tracker, 100));
        assertFalse(doomed("p(99)<1ms", tracker, 100));
        assertFalse(doomed("p(50)<1ms", tracker, 100));
        assertFalse(doomed("med<1ms", tracker, 100));
        assertFalse(doomed("avg<1ms", tracker, 100));
        assertFalse(doomed("p(99)==1ms", tracker, 100));
        assertFalse(doomed("p(99)!=1.5ms", tracker, 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p(99)<50ms", "avg>=0", "min<1s", "max<1s", "med!=1ms"})
    void latencyIsDoomedWhenNoConnectionCanBeEstablishedAnyMore(String expression) {
        assertTrue(doomed(expression, withErrors(3, 3), 3));
        assertFalse(doomed(expression, withErrors(3, 2), 3));
        assertFalse(doomed(expression, withErrors(3, 0), 3));
    }

    @Test
    void ratesAreNeverCertain() {
        ConnectionTracker tracker = withErrors(3, 3);
        assertFalse(doomed("connect_rate>1000000", tracker, 3));
        assertFalse(doomed("connect_rate==5", tracker, 3));
        assertFalse(doomed("attempt_rate>1000000", tracker, 3));
        assertFalse(doomed("late_start_rate<0.0001%", tracker, 3));
    }

    @Test
    void lateStartsOnlyGrowAndOnlyAsMuchAsAttemptsAreLeft() {
        ConnectionTracker tracker = new ConnectionTracker(10);
        establishLate(tracker, 2000, 100, 100, 100);
        establishLate(tracker, 0, 100, 100, 100);
        assertTrue(doomed("late_starts<=2", tracker, 10));
        assertFalse(doomed("late_starts<=3", tracker, 10));
        assertFalse(doomed("late_starts>=7", tracker, 10), "four attempts left: all could be late");
        assertTrue(doomed("late_starts>=8", tracker, 10));
        assertFalse(doomed("late_starts>=8", tracker, Long.MAX_VALUE));
    }

    @Test
    void plannedLatencyIsCertainForMaxAndMinOnly() {
        ConnectionTracker tracker = new ConnectionTracker(10);
        establishLate(tracker, 1100, 100);
        assertTrue(doomed("planned_max<1.2ms", tracker, 10));
        assertFalse(doomed("planned_max<=1200us", tracker, 10));
        assertTrue(doomed("planned_min>1200us", tracker, 10));
        assertFalse(doomed("planned_min>1ms", tracker, 10));
        assertFalse(doomed("planned_p(99)<1ms", tracker, 10));
        assertFalse(doomed("planned_avg<1ms", tracker, 10));
        assertFalse(doomed("max<1ms", tracker, 10), "connect latency itself was 100 us");
    }

    @Test
    void equalityIsCertainOnlyWhenTheValueIsSettled() {
        ConnectionTracker tracker = new ConnectionTracker(2);
        establish(tracker, 100, 100);
        assertTrue(doomed("errors!=0", tracker, 2));
        assertTrue(doomed("established!=2", tracker, 2));
        assertFalse(doomed("errors!=0", tracker, 3));
        assertTrue(doomed("errors==2", tracker, 3));
        assertFalse(doomed("errors==1", tracker, 3));
    }

    @Test
    void aBoundTheRunAlreadyExceededIsIgnored() {
        ConnectionTracker tracker = new ConnectionTracker(2);
        establish(tracker, 100, 100);
        closeByPeer(tracker, 1);
        assertTrue(doomed("established>=3", tracker, 2));
        assertTrue(TrackerRuns.loop(tracker).reopenStarted());
        TrackerRuns.loop(tracker).failed(ErrorReason.RESET, 1_000_000, true);
        // three attempts with a plan of two: reconnects are on, so reopens may establish more
        assertFalse(doomed("established>=3", tracker, 2));
        assertFalse(doomed("error_rate<10%", tracker, 2));
    }

    /**
     * Replays random runs and checks the one promise that matters: whatever was declared doomed at
     * any moment does fail at the end.
     */
    @Test
    void aDoomedThresholdAlwaysFailsInTheEnd() {
        List<Threshold> thresholds = new ArrayList<>();
        for (String e : List.of("errors<=2", "errors<2", "errors>=3", "errors==1", "errors!=0", "errors_timeout<1",
                "errors_refused>=2", "established>=5", "established>5", "established<=4", "established==6",
                "established!=6", "closed<=1", "closed==0", "closed>=2", "attempts<=8", "attempts>=9", "attempts==10",
                "max_concurrent<=3", "max_concurrent>=5", "error_rate<10%", "error_rate<=20%", "error_rate>=30%",
                "error_rate==0", "error_rate!=0", "error_rate>50%", "max<0.5ms", "max>=1.9ms", "min>0.3ms",
                "min<=0.2ms", "p(99)<1ms", "avg>=1ms", "med!=1ms", "connect_rate>0", "late_starts<=2", "late_starts>=4",
                "late_starts==0", "planned_max<1ms", "planned_max>=2.5ms", "planned_min>0.3ms", "late_start_rate<10%",
                "attempt_rate>0")) {
            thresholds.add(Threshold.parse(e));
        }
        ErrorReason[] reasons = ErrorReason.values();
        int checked = 0;
        for (int seed = 0; seed < 120; seed++) {
            Random random = new Random(seed);
            int planned = 1 + random.nextInt(12);
            boolean reconnect = random.nextBoolean();
            long maxAttempts = reconnect ? Long.MAX_VALUE : planned;
            ConnectionTracker tracker = new ConnectionTracker(planned);
            LoopRecorder loop = tracker.newLoopRecorder();
            boolean[] doomed = new boolean[thresholds.size()];
            for (int step = 0; step < 30; step++) {
                var counts = tracker.counts();
                switch (random.nextInt(5)) {
                    case 0 -> {
                        if (counts.notInitiated() > 0) {
                            loop.startLag(random.nextBoolean() ? 0 : 2_000_000L);
                            loop.dialStarted();
                        }
                    }
                    case 1 -> {
                        if (counts.dialing() > 0) {
                            long connectNanos = (100 + random.nextInt(1900)) * 1000L;
                            loop.established(connectNanos, connectNanos + random.nextInt(2000) * 1000L,
                                    tracker.allResolved().isDone());
                        }
                    }
                    case 2 -> {
                        if (counts.dialing() > 0) {
                            loop.failed(reasons[random.nextInt(reasons.length)], 1000, tracker.allResolved().isDone());
                        }
                    }
                    case 3 -> {
                        if (counts.established() > 0) {
                            loop.closedByPeer(1000, false);
                        }
                    }
                    default -> {
                        if (reconnect) {
                            loop.reopenStarted();
                        }
                    }
                }
                TrackerTotals live = tracker.totals();
                for (int i = 0; i < thresholds.size(); i++) {
                    doomed[i] |= thresholds.get(i).cannotPassAnyMore(live, maxAttempts);
                }
            }
            List<ThresholdResult> results = Threshold.evaluateAll(thresholds, TrackerRuns.result(tracker));
            for (int i = 0; i < thresholds.size(); i++) {
                if (doomed[i]) {
                    checked++;
                    assertFalse(results.get(i).passed(), "seed " + seed + ": " + thresholds.get(i)
                            + " was declared doomed but passed with " + results.get(i).measuredText());
                }
            }
        }
        assertTrue(checked > 500, "too few doomed verdicts to mean anything: " + checked);
    }
}
