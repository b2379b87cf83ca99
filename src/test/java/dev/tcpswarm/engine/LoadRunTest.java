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
import org.junit.jupiter.api.Test;

/** The engine on its own: one run against real servers, and the report that must agree with it. */
class LoadRunTest {
    static LoadPlan plan(int port, int connections, long intervalNanos, int timeoutMillis) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new LoadPlan(new Target("127.0.0.1", port, new InetSocketAddress(lo, port)), connections, intervalNanos,
                timeoutMillis, 0, false, 0, CloseMode.RST, List.of(), 2);
    }

    static RunResult run(LoadPlan plan) throws Exception {
        try (LoadRun run = new LoadRun(plan, Transport.detect(), DialObserver.NONE, 0)) {
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
            int latencyAt = report.indexOf(report.stream().filter(l -> l.startsWith("Connect latency:")).findFirst()
                    .orElseThrow());
            assertTrue(report.get(latencyAt).endsWith(" ms (" + c.count() + ")"), report.toString());
            assertTrue(report.get(latencyAt + 1).startsWith("  p50 ") && report.get(latencyAt + 1).contains(p99),
                    report.toString());
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
