package dev.tcpswarm.ramp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.ramp.LevelResult.Phase;
import dev.tcpswarm.ramp.RampVerdict.Outcome;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.RunResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The capacity search as a policy, with no socket: a table stands for the server (it holds up to
 * a capacity, or runs into a local limit, or is stopped), and the test reads which levels the policy
 * held, in what order, when it closed everything, and its verdict.
 */
class RampPolicyTest {

    /** A server that holds {@code capacity} connections; every call the policy makes is written down. */
    private static final class Table implements RampPolicy.Levels {
        final int capacity;
        final List<String> calls = new ArrayList<>();
        int localLimitAt = Integer.MAX_VALUE;
        int stopAt = Integer.MAX_VALUE;
        boolean stopInCoolDown;

        Table(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public LevelResult judge(Phase phase, int target) {
            calls.add(phase.label() + " " + target);
            RunResult run = run(Math.min(target, capacity), target > capacity ? 1 : 0,
                    target >= localLimitAt ? ErrorReason.OPEN_FILES : ErrorReason.RESET);
            if (target >= stopAt) {
                return LevelResult.interrupted(phase, target, run, run);
            }
            return LevelResult.judge(phase, target, run, run, List.of());
        }

        @Override
        public void closeAll() {
            calls.add("close");
        }

        @Override
        public boolean coolDown(long nanos) {
            calls.add("cool " + nanos);
            return stopInCoolDown;
        }
    }

    private static RunResult run(int established, int errors, ErrorReason reason) {
        ConnectionTracker tracker = new ConnectionTracker(established + errors);
        LoopRecorder loop = tracker.newLoopRecorder();
        for (int i = 0; i < established; i++) {
            loop.dialStarted();
            loop.established(1_000_000, 1_000_000, false);
        }
        for (int i = 0; i < errors; i++) {
            loop.dialStarted();
            loop.failed(reason, 1_000_000, false);
        }
        return new RunResult(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), 1_000_000_000L, tracker.totals(), false,
                false, -1);
    }

    private static RampPlan plan(int start, String step, int max, String precision) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        LoadPlan dialing = new LoadPlan(new Target("127.0.0.1", 9, new InetSocketAddress(lo, 9)), 1, 0, 1000, 0,
                false, 0, CloseMode.RST, List.of(), 1);
        return new RampPlan(dialing, start, LevelStep.parse(step), max, 0, Precision.parse(precision), List.of(), 7);
    }

    private static RampVerdict search(RampPlan plan, Table table, List<LevelResult> judged) throws Exception {
        List<LevelResult> told = new ArrayList<>();
        RampVerdict verdict = new RampPolicy(plan).search(table, judged, told::add);
        assertEquals(judged, told, "the listener hears every level judged, in order");
        return verdict;
    }

    @Test
    void levelsGrowThenTheLimitIsBisectedWithFreshAttempts() throws Exception {
        Table table = new Table(650);
        List<LevelResult> judged = new ArrayList<>();
        RampVerdict verdict = search(plan(100, "x2", 10_000, "10"), table, judged);
        assertEquals(List.of("ramp 100", "ramp 200", "ramp 400", "ramp 800", "close",
                "cool 7", "bisect 600", "close", "cool 7", "bisect 700", "close",
                "cool 7", "bisect 650", "close", "cool 7", "bisect 675", "close",
                "cool 7", "bisect 662", "close", "cool 7", "bisect 656", "close"), table.calls);
        assertEquals(Outcome.LIMIT_FOUND, verdict.outcome());
        assertEquals(650, verdict.maxConcurrency(), "within the precision (10) of the first failure");
        assertEquals(656, verdict.firstFailureAt());
        assertEquals(10, judged.size());
    }

    @Test
    void noLimitUpToTheCeiling() throws Exception {
        Table table = new Table(1_000_000);
        RampVerdict verdict = search(plan(100, "+100", 300, "10"), table, new ArrayList<>());
        assertEquals(List.of("ramp 100", "ramp 200", "ramp 300", "close"), table.calls);
        assertEquals(Outcome.NO_LIMIT, verdict.outcome());
        assertEquals(300, verdict.maxConcurrency());
    }

    @Test
    void theFirstLevelFailing() throws Exception {
        Table table = new Table(50);
        RampVerdict verdict = search(plan(100, "x2", 1000, "10"), table, new ArrayList<>());
        assertEquals(List.of("ramp 100", "close"), table.calls);
        assertEquals(Outcome.FIRST_LEVEL_FAILED, verdict.outcome());
        assertEquals(100, verdict.firstFailureAt());
        assertEquals("reset by peer", verdict.failure());
    }

    @Test
    void aLocalLimitEndsTheSearchWithWhatWasHeld() throws Exception {
        Table table = new Table(150);
        table.localLimitAt = 200;
        RampVerdict verdict = search(plan(100, "+100", 1000, "10"), table, new ArrayList<>());
        assertEquals(List.of("ramp 100", "ramp 200"), table.calls, "no bisection, nothing closed by the policy");
        assertEquals(Outcome.LOCAL_LIMIT, verdict.outcome());
        assertEquals(ErrorReason.OPEN_FILES, verdict.localLimit());
        assertEquals(150, verdict.localAt());
    }

    @Test
    void aStopDuringALevelOrACoolDownEndsTheSearchWithWhatWasFound() throws Exception {
        Table table = new Table(10_000);
        table.stopAt = 400;
        RampVerdict verdict = search(plan(100, "x2", 10_000, "10"), table, new ArrayList<>());
        assertEquals(List.of("ramp 100", "ramp 200", "ramp 400"), table.calls);
        assertEquals(Outcome.INTERRUPTED, verdict.outcome());
        assertEquals(200, verdict.maxConcurrency());

        Table cooling = new Table(300);
        cooling.stopInCoolDown = true;
        RampVerdict stopped = search(plan(100, "x2", 10_000, "10"), cooling, new ArrayList<>());
        assertEquals(List.of("ramp 100", "ramp 200", "ramp 400", "close", "cool 7"), cooling.calls);
        assertEquals(Outcome.INTERRUPTED, stopped.outcome());
        assertEquals(200, stopped.maxConcurrency());
        assertEquals(400, stopped.firstFailureAt());
    }
}
