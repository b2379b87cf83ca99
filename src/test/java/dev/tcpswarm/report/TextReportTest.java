package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.verdict.Threshold;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The human report's shape: tcpgoon's header to the byte, and no line wider than 120 columns. */
class TextReportTest {
    private static final long HOUR_NANOS = TimeUnit.HOURS.toNanos(1);

    /**
     * A run with the widest figures a report can hold: 1,999,999 connections, every error reason,
     * resets, reopens and late starts counted in six and seven digits, every latency an hour
     * (3600000.000 ms, the histograms' ceiling), a paced plan with reconnect, and thresholds.
     */
    private static List<String> widestReport() throws Exception {
        int total = 1_999_999;
        ConnectionTracker tracker = new ConnectionTracker(total);
        LoopRecorder loop = tracker.newLoopRecorder();
        for (int i = 0; i < total; i++) {
            loop.dialStarted();
            loop.startLag(HOUR_NANOS);
        }
        int failedPerReason = 100_000;
        for (ErrorReason reason : ErrorReason.reported(false)) { // a plain run's (TCP) reasons
            for (int i = 0; i < failedPerReason; i++) {
                loop.failed(reason, HOUR_NANOS - i, false);
            }
        }
        int established = total - failedPerReason * ErrorReason.reported(false).size();
        for (int i = 0; i < established; i++) {
            loop.established(HOUR_NANOS - i, HOUR_NANOS, false);
        }
        for (int i = 0; i < 999_999; i++) {
            loop.closedByPeer(HOUR_NANOS, i % 2 == 0);
        }
        RunResult result = new RunResult(Instant.now(), Instant.now(), 99_999 * 1_000_000_000L, tracker.totals(), true,
                true, 99_999L * 1024 * 1024 * 1024);
        InetAddress address = InetAddress.getByName("10.255.255.254");
        LoadPlan plan = new LoadPlan(new Target("database-primary.eu-central.internal.example", 65535,
                new InetSocketAddress(address, 65535)), total, 1, 3_600_000, HOUR_NANOS, true, HOUR_NANOS,
                CloseMode.RST, List.of(), 256);
        List<Threshold> thresholds = List.of(Threshold.parse("p(99.99)<3600000ms"),
                Threshold.parse("errors_ports_exhausted<=999999"), Threshold.parse("error_rate<=0.001%"));
        return TextReport.lines(plan, result, Threshold.evaluateAll(thresholds, result));
    }

    @Test
    void everyLineOfTheWidestReportFitsIn120Columns() throws Exception {
        List<String> report = widestReport();
        for (String line : report) {
            assertTrue(line.length() <= 120, line.length() + " columns: " + line + "\n" + String.join("\n", report));
        }
        int planned = report.indexOf(report.stream().filter(l -> l.startsWith("Connect latency from planned start: "))
                .findFirst().orElseThrow());
        assertTrue(report.get(planned).matches(".*: min/avg/max/dev = 359\\d{4}\\.\\d{3}/.* ms \\(1\\d{6}\\)"),
                report.get(planned));
        assertTrue(report.get(planned + 1).matches("  p50 360\\d{4}\\.\\d{3}, p90 .*, p99 .*, p99\\.9 .* ms"),
                report.get(planned + 1));
    }

    @Test
    void theHeaderIsTcpgoonsToTheByteAndTheAddressComesLater() throws Exception {
        List<String> report = widestReport();
        assertEquals("--- database-primary.eu-central.internal.example:65535 tcp test statistics ---", report.get(0));
        assertTrue(report.get(1).startsWith("Total: 1999999, Dialing: 0, "), report.get(1));
        assertTrue(report.contains("Address: 10.255.255.254:65535 (database-primary.eu-central.internal.example "
                + "resolved once, before the run)"), String.join("\n", report));
    }

    @Test
    void aLongLineContinuesIndentedAtASpace() {
        String line = "Errors by reason: " + "connection refused 1, ".repeat(10) + "other 1";
        List<String> wrapped = TextReport.wrap(line);
        assertTrue(wrapped.size() > 1, wrapped.toString());
        assertEquals(line, String.join(" ", wrapped.stream().map(String::strip).toList()));
        wrapped.subList(1, wrapped.size()).forEach(l -> assertTrue(l.startsWith("  ") && !l.startsWith("   "), l));
        wrapped.forEach(l -> assertTrue(l.length() <= 120, l));
    }
}
