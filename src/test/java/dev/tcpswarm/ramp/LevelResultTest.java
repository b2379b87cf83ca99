package dev.tcpswarm.ramp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.ramp.LevelResult.Phase;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.HeldConnections;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.Threshold;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The level rule on real trackers: a level's latency and error figures are those of the
 * connections it added, the state of what is held (established, closed, the peak) is over all of
 * it. The earlier level here connected in 1 ms each; the new one adds connections of 10 ms.
 */
class LevelResultTest {
    private final HeldConnections held = new HeldConnections();
    private final ConnectionTracker earlier = new ConnectionTracker(100, held);
    private final ConnectionTracker added = new ConnectionTracker(100, held);
    private final LoopRecorder earlierLoop = earlier.newLoopRecorder();

    LevelResultTest() {
        establish(earlierLoop, 100, 1_000);
        establish(added.newLoopRecorder(), 100, 10_000);
    }

    private static void establish(LoopRecorder loop, int n, long micros) {
        for (int i = 0; i < n; i++) {
            loop.dialStarted();
            loop.established(micros * 1000, micros * 1000, false);
        }
    }

    private static RunResult run(TrackerTotals totals) {
        return new RunResult(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), 1_000_000_000L, totals, false, false, -1);
    }

    private LevelResult judge(String... failWhen) {
        TrackerTotals all = CombinedTotals.of(List.of(earlier.totals(), added.totals()), held.peak());
        return LevelResult.judge(Phase.RAMP, 200, run(added.totals()), run(all),
                List.of(failWhen).stream().map(Threshold::parse).toList());
    }

    @Test
    void latencyIsThatOfTheConnectionsTheLevelAdded() {
        LevelResult level = judge("avg>8ms", "med>8ms");
        assertFalse(level.passed(), "avg and med of the new connections are 10 ms");
        assertEquals(10_000, level.failWhen().get(0).measured(), 10);
        assertEquals(10_000, level.failWhen().get(1).measured(), 10);
        assertTrue(judge("p(99)<5ms").passed(), "p(99)<5ms does not hold: the new connections took 10 ms");
    }

    @Test
    void theStateOfWhatIsHeldIsOverEverything() {
        earlierLoop.closedByPeer(5_000_000, false);
        LevelResult level = judge("closed>0", "max_concurrent<200", "established<200");
        assertEquals(1, level.failWhen().get(0).measured(), "closed: one of the earlier level's");
        assertEquals(200, level.failWhen().get(1).measured(), "the true peak, both levels at once");
        assertEquals(200, level.failWhen().get(2).measured(), "established at some point, both levels");
        assertFalse(level.passed());
        assertEquals("closed>0 (1)", level.failure());
    }

    @Test
    void theDefaultRuleFailsAtAnErrorAddedOrAnyCloseHeld() {
        assertTrue(judge().passed());
        earlierLoop.closedByPeer(5_000_000, true);
        LevelResult closedEarlier = judge();
        assertFalse(closedEarlier.passed());
        assertEquals("reset by peer", closedEarlier.failure());
    }

    @Test
    void errorsAreThoseOfTheAttemptsAdded() {
        ConnectionTracker failing = new ConnectionTracker(100, held);
        LoopRecorder loop = failing.newLoopRecorder();
        for (int i = 0; i < 100; i++) {
            loop.dialStarted();
            loop.failed(ErrorReason.REFUSED, 1_000_000, false);
        }
        TrackerTotals all = CombinedTotals.of(List.of(earlier.totals(), added.totals(), failing.totals()), held.peak());
        LevelResult level = LevelResult.judge(Phase.RAMP, 300, run(failing.totals()), run(all),
                List.of(Threshold.parse("error_rate>50%")));
        assertEquals(1.0, level.failWhen().get(0).measured(), 1e-12, "all of the added attempts failed");
        assertEquals(1.0 / 3, level.held().errorRate(), 1e-12, "diluted over everything: what it is not judged on");
        assertFalse(level.passed());
    }
}
