package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.stats.IntervalListener;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-duration} cuts a run short only when something was left undone at the deadline. A
 * run whose every stage finished before it is not cut short, however late the clock reads
 * afterwards. The run's clock is driven here: it jumps past the deadline right after the last
 * stage finished, as a descheduled thread or a slow machine would make it do.
 */
class DeadlineRaceTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** The real clock, plus a jump the test makes. */
    private static final class JumpingClock implements LongSupplier {
        final AtomicLong jumped = new AtomicLong();

        @Override
        public long getAsLong() {
            return System.nanoTime() + jumped.get();
        }
    }

    private static LoadPlan plan(int port, int connections, long intervalNanos, long holdNanos, long maxDurationNanos) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new LoadPlan(new Target("127.0.0.1", port, new InetSocketAddress(lo, port)), connections, intervalNanos,
                2000, holdNanos, false, maxDurationNanos, CloseMode.RST, List.of(), 1);
    }

    /** Ten starts 10 ms apart, a 10 s deadline; the clock jumps 20 s as the last one starts dialing. */
    @Test
    void aRunThatResolvedBeforeTheDeadlineIsNotCutShort() throws Exception {
        JumpingClock clock = new JumpingClock();
        DialObserver jumpAtTheLast = new DialObserver() {
            @Override
            public void dialing(int slot, boolean reopen) {
                if (slot == 9) {
                    clock.jumped.set(20 * SECOND);
                }
            }
        };
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                LoadRun run = new LoadRun(plan(server.port(), 10, TimeUnit.MILLISECONDS.toNanos(10), 0, 10 * SECOND),
                        Transport.detect(), jumpAtTheLast, 0, clock)) {
            RunResult result = run.execute(new RunControl());
            assertEquals(10, result.totals().everEstablished(), result.counts().toString());
            assertTrue(result.allEstablished());
            assertFalse(result.deadlineReached(), "every connection resolved before the deadline");
        }
    }

    /** A 500 ms hold that ends before a 10 s deadline; the clock jumps 20 s during the hold. */
    @Test
    void aHoldThatEndedBeforeTheDeadlineIsNotCutShort() throws Exception {
        JumpingClock clock = new JumpingClock();
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                LoadRun run = new LoadRun(plan(server.port(), 10, 0, 500_000_000L, 10 * SECOND), Transport.detect(),
                        DialObserver.NONE, 50, clock)) {
            run.addListener(new IntervalListener() {
                int ticksAllEstablished;

                @Override
                public void interval(IntervalSample sample) {
                    // the third tick with all established: 100 ms into the hold
                    if (sample.counts().established() == 10 && ++ticksAllEstablished == 3) {
                        clock.jumped.set(20 * SECOND);
                    }
                }
            });
            RunResult result = run.execute(new RunControl());
            assertEquals(10, result.counts().established(), result.counts().toString());
            assertTrue(clock.jumped.get() > 0, "the clock jumped during the hold");
            assertFalse(result.deadlineReached(), "the hold ended before the deadline");
        }
    }

    /** The other side: a hold planned past the deadline is cut short by it. */
    @Test
    void aHoldPlannedPastTheDeadlineIsCutShort() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                LoadRun run = new LoadRun(plan(server.port(), 10, 0, 10 * SECOND, 300_000_000L), Transport.detect(),
                        DialObserver.NONE, 0)) {
            long t0 = System.nanoTime();
            RunResult result = run.execute(new RunControl());
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(result.deadlineReached());
            assertTrue(seconds < 2, "ended at the deadline, after " + seconds + " s");
            assertEquals(10, result.counts().established(), "nothing was dialing: nothing failed");
        }
    }
}
