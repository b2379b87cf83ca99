package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.report.TextReport;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.stats.LatencySummary;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The engine on its own: one run against real servers, and the report that must agree with it. */
class LoadRunTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    static LoadPlan plan(int port, int connections, long intervalNanos, int timeoutMillis) {
        return plan(port, connections, intervalNanos, timeoutMillis, 0, 2);
    }

    static LoadPlan plan(int port, int connections, long intervalNanos, int timeoutMillis, long holdNanos,
            int threads) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new LoadPlan(new Target("127.0.0.1", port, new InetSocketAddress(lo, port)), connections, intervalNanos,
                timeoutMillis, holdNanos, false, 0, CloseMode.RST, List.of(), threads);
    }

    static RunResult run(LoadPlan plan) throws Exception {
        return run(plan, DialObserver.NONE);
    }

    static RunResult run(LoadPlan plan, DialObserver observer) throws Exception {
        try (LoadRun run = new LoadRun(plan, Transport.detect(), observer, 0)) {
            return run.execute(new RunControl());
        }
    }

    @Test
    void theReportShowsExactlyTheTrackersNumbers() throws Exception {
        // 300 slots against a server that holds 200 and resets the rest: established, closed and
        // reset connections in one run.
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 200, 1)) {
            LoadPlan plan = plan(server.port(), 300, 0, 2000);
            RunResult result = run(plan);
            TrackerTotals t = result.totals();
            List<String> report = TextReport.lines(plan, result, List.of());

            assertEquals("--- 127.0.0.1:" + server.port() + " tcp test statistics ---", report.get(0));
            assertEquals(result.counts().progressLine(), report.get(1));
            assertTrue(report.contains("Total established connections: " + t.everEstablished()), report.toString());
            assertTrue(report.contains("Max concurrent established connections: " + t.maxConcurrent()));
            assertTrue(report.contains("Number of established connections on closure: " + result.counts().established()));
            LatencySummary c = LatencySummary.of(t.connectLatency());
            String p99 = String.format(Locale.ROOT, "p99 %.3f,", c.p99Micros() / 1000.0);
            assertTrue(report.stream().anyMatch(l -> l.startsWith("Connect latency:") && l.contains(p99)
                    && l.endsWith("(" + c.count() + ")")), report.toString());
            assertEquals(t.everEstablished(), c.count());
            assertEquals(300, t.everEstablished() + result.counts().error());
            assertTrue(t.maxConcurrent() >= 200, "held at once: " + t.maxConcurrent());
        }
    }

    @Test
    void exactlyTheAskedNumberOfAttemptsAtFullSpeed() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            RunResult result = run(plan(server.port(), 3000, 0, 5000));
            assertEquals(3000, result.totals().attempts());
            assertEquals(3000, result.totals().everEstablished());
            long until = System.nanoTime() + 5_000_000_000L;
            while (server.accepted() < 3000 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertEquals(3000, server.accepted(), "never more, never fewer");
        }
    }

    @Test
    void pacedStartsFollowThePlanAndLagIsRecordedForEach() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            // 1,000 per second: 201 starts span 200 ms
            RunResult result = run(plan(server.port(), 201, 1_000_000, 5000));
            TrackerTotals t = result.totals();
            assertEquals(201, t.scheduleLag().getTotalCount());
            double span = t.dialSpanNanos() / 1e9;
            assertTrue(span >= 0.195 && span < 0.6, "dial span " + span); // from the first actual start, which may itself be late
            assertTrue(t.connectFromIntended().getTotalCount() == 201);
        }
    }

    /**
     * The client stalls on purpose: when slot 100 of a paced run (400 starts, 1,000 per second, one
     * event loop) starts, its event loop is blocked for 200 ms. The starts planned during the stall
     * go out late, all at once after it: the latency from the planned start and the late starts show
     * the stall, the latency from the actual start does not (but for the few connects already under
     * way, whose completion the stalled loop saw late).
     */
    @Test
    void aStalledClientShowsInPlannedLatencyAndLateStartsNotInConnectLatency() throws Exception {
        long stallMillis = 200;
        DialObserver staller = new DialObserver() {
            @Override
            public void dialing(int slot, boolean reopen) {
                if (slot == 100) {
                    try {
                        Thread.sleep(stallMillis); // on the event loop
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            RunResult result = run(plan(server.port(), 400, MS, 5000, 0, 1), staller);
            TrackerTotals t = result.totals();
            assertEquals(400, t.everEstablished());
            Histogram planned = t.connectFromIntended();
            Histogram actual = t.connectLatency();
            // slot 100 itself started 200 ms after its plan; the 200 planned during the stall lagged 0-200 ms
            assertTrue(planned.getMaxValue() >= stallMillis * 1000 * 0.99, "planned max " + planned.getMaxValue());
            assertTrue(planned.getValueAtPercentile(90) >= 100_000, "planned p90 " + planned.getValueAtPercentile(90));
            assertTrue(t.lateStarts() >= 180, "late starts " + t.lateStarts());
            assertTrue(t.scheduleLag().getMaxValue() >= stallMillis * 1000 * 0.99, "lag " + t.scheduleLag().getMaxValue());
            // Only the connects already under way when the loop stalled (at most one batch of the
            // pacer's, when it was catching up) waited for it; slot 100 itself started after it.
            assertTrue(actual.getValueAtPercentile(90) < 20_000, "actual p90 " + actual.getValueAtPercentile(90));
            long waitedForTheStall = actual.getCountBetweenValues(stallMillis * 1000 / 2, actual.getMaxValue());
            assertTrue(waitedForTheStall <= 32, waitedForTheStall + " connects took over half the stall");
        }
    }

    @Test
    void aClosedPortIsRefusedForEverySlot() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RunResult result = run(plan(port, 50, 0, 2000));
        assertEquals(50, result.totals().errors(dev.tcpswarm.stats.ErrorReason.REFUSED));
        assertEquals(50, result.counts().error());
    }
}
