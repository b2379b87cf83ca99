package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tcpswarm monitor} as a real process: Ctrl-C and SIGTERM write the final summary, SIGHUP with
 * a broken config keeps monitoring, probes close with FIN (TIME_WAIT on the prober, no reset, per
 * ss and nstat in a namespace of the test's own), names are looked up per probe, and no route is
 * unreachable.
 */
@Timeout(120)
class MonitorIT {
    @TempDir
    Path dir;

    private static final Pattern METRICS = Pattern.compile("metrics on http://([^ ;]+)/metrics");

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("monitor.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalWritesTheFinalSummaryToStdoutAndTheDailyFile(String signal) throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Path cfg = config("""
                    defaults: {interval: 100ms}
                    services:
                      - {name: promotion-api, address: "127.0.0.1:%d"}
                    """.formatted(server.port()));
            Path logs = dir.resolve("logs");
            try (JarProcess monitor = JarProcess.start("monitor", cfg.toString(), "--log-dir", logs.toString())) {
                monitor.awaitLine("monitoring 1 service from " + cfg, 30);
                monitor.awaitLine(LocalDate.now().toString().substring(0, 4), 10); // the UP line
                Thread.sleep(500);
                monitor.signal(signal);
                assertEquals(0, monitor.awaitExit(20), monitor.stdout() + monitor.stderr());
                String out = monitor.stdout();
                assertTrue(out.contains("promotion-api: UP (open in "), out);
                assertTrue(out.contains("--- final summary: "), out);
                // every summary's row: the final one, and a regular one when the test crossed a 5-minute mark
                List<String> rows = out.lines().filter(l -> l.contains("| promotion-api ")).toList();
                String row = rows.get(rows.size() - 1);
                long total = rows.stream().mapToLong(r -> Long.parseLong(r.substring(r.lastIndexOf('|') + 1).trim())).sum();
                assertTrue(total >= 5, rows.toString());
                assertEquals(total, server.accepted(), "each probe is one connection the server saw, in one summary");
                Path daily = logs.resolve("tcp_stats_" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE) + ".log");
                List<String> lines = Files.readAllLines(daily);
                assertEquals("Timestamp           | Service              | 0-100ms  | 100-500ms | 500-1000ms | 1000-2000ms "
                        + "| >2000ms  | Failed | Total", lines.get(0));
                assertEquals(row, lines.get(lines.size() - 1), "the same final row in the daily file");
                assertTrue(Files.readString(logs.resolve("events_" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE)
                        + ".log")).contains("promotion-api: UP (open in "));
            }
        }
    }

    private static String get(String hostPort) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double probes(String metrics, String service) {
        Matcher m = Pattern.compile("tcpswarm_monitor_probes_total\\{result=\"open\",service=\"" + service + "\"} (\\S+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void awaitStderr(JarProcess p, String text, long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!p.stderr().contains(text)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no '" + text + "' on stderr:\n" + p.stderr());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void sighupWithABrokenConfigKeepsMonitoringAndAGoodOneReplacesServices() throws Exception {
        try (BuiltInServer a = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                BuiltInServer b = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Path cfg = config("""
                    defaults: {interval: 100ms}
                    services:
                      - {name: a, address: "127.0.0.1:%d"}
                    metrics: {listen: "127.0.0.1:0"}
                    """.formatted(a.port()));
            Path logs = cfg.resolveSibling("reload-logs");
            try (JarProcess monitor = JarProcess.start("monitor", cfg.toString(), "--log-dir", logs.toString())) {
                Matcher m = METRICS.matcher(monitor.awaitLine("monitoring 1 service", 30));
                assertTrue(m.find());
                String endpoint = m.group(1);
                monitor.awaitLine(LocalDate.now().toString().substring(0, 4), 10);

                Files.writeString(cfg, "services:\n  - {name: a, address: \"127.0.0.1:" + a.port() + "\"}\n  intervl: 1s\n");
                monitor.signal("HUP");
                awaitStderr(monitor, "tcpswarm monitor: reload failed, the running config stays: " + cfg + ":3: ", 10);
                double before = probes(get(endpoint), "a");
                Thread.sleep(600);
                double after = probes(get(endpoint), "a");
                assertTrue(after >= before + 3, "still probing every 100 ms: " + before + " -> " + after);
                String failedMetrics = get(endpoint);
                assertTrue(failedMetrics.contains("tcpswarm_monitor_config_last_reload_successful 0.0"), failedMetrics);
                Path events = logs.resolve("events_" + LocalDate.now().toString().replace("-", "") + ".log");
                assertTrue(Files.readString(events).contains(" RELOAD FAILED " + cfg + ": " + cfg + ":3: "),
                        "the failed reload is in the events file: " + Files.readString(events));

                Files.writeString(cfg, """
                        defaults: {interval: 100ms}
                        services:
                          - {name: b, address: "127.0.0.1:%d"}
                        metrics: {listen: "127.0.0.1:0"}
                        """.formatted(b.port()));
                monitor.signal("HUP");
                monitor.awaitLine(LocalDate.now().toString().substring(0, 4), 10);
                awaitStderr(monitor, "reloaded " + cfg + ": 1 service (1 added, 1 removed, 0 changed)", 10);
                long bAccepted = b.accepted();
                Thread.sleep(500);
                assertTrue(b.accepted() >= bAccepted + 3, "b is probed now");
                long aAccepted = a.accepted();
                Thread.sleep(300);
                assertEquals(aAccepted, a.accepted(), "a is no longer probed");
                String metrics = get(endpoint);
                assertFalse(metrics.contains("service=\"a\""), "a's series are gone:\n" + metrics);
                assertTrue(probes(metrics, "b") >= 3, metrics);
                assertTrue(metrics.contains("tcpswarm_monitor_config_last_reload_successful 1.0"), metrics);
                Matcher at = Pattern.compile("(?m)^tcpswarm_monitor_config_last_reload_success_timestamp_seconds (\\S+)$")
                        .matcher(metrics);
                assertTrue(at.find(), metrics);
                assertEquals(System.currentTimeMillis() / 1000.0, Double.parseDouble(at.group(1)), 15.0, "when it reloaded");
                assertTrue(Files.readString(events).contains(" RELOADED " + cfg + ": 1 service, added b, removed a"),
                        "what a reload added and removed: " + Files.readString(events));
                assertTrue(monitor.stdout().contains(" b: UP (open in "), monitor.stdout());

                monitor.signal("TERM");
                assertEquals(0, monitor.awaitExit(20));
            }
        }
    }

    @Test
    void probesCloseWithFinLeavingTimeWaitOnTheProberAndNoReset() throws Exception {
        try (Kernel.Namespace ns = Kernel.Namespace.create("monitor-fin", true);
                JarProcess server = JarProcess.startWith(ns.exec(), "serve", "--port", "9004", "-i", "0")) {
            server.awaitLine("listening on 127.0.0.1:9004", 30);
            long resetsBefore = ns.counter("TcpOutRsts");
            try (JarProcess monitor = JarProcess.startWith(ns.exec(), "monitor", "127.0.0.1:9004", "--interval", "100ms",
                    "--duration", "2s")) {
                assertEquals(0, monitor.awaitExit(60), monitor.stdout() + monitor.stderr());
                String row = monitor.stdout().lines().filter(l -> l.contains("| 127.0.0.1:9004 ")).reduce((x, y) -> y)
                        .orElseThrow();
                String[] cells = row.split("\\|");
                long total = Long.parseLong(cells[8].trim());
                assertEquals(0, Long.parseLong(cells[7].trim()), "no failed probe: " + row);
                assertTrue(total >= 10, row);
                Kernel.awaitEquals(total, () -> ns.sockets("time-wait", "dst", "127.0.0.1:9004"), 10,
                        "one TIME_WAIT on the prober's side per probe: it closed first, with a FIN");
                assertEquals(0, ns.sockets("time-wait", "src", "127.0.0.1:9004"), "none on the server's side");
                assertEquals(resetsBefore, ns.counter("TcpOutRsts"), "no reset sent by anyone in the namespace");
            }
        }
    }

    @Test
    void namesAreLookedUpForEveryProbeSoAMovedServiceIsFollowed() throws Exception {
        try (Kernel.Namespace ns = Kernel.Namespace.create("monitor-dns", true)) {
            ns.hosts("127.0.0.1 svc.test\n");
            try (JarProcess server = JarProcess.startWith(ns.exec(), "serve", "--port", "9005", "-i", "0")) {
                server.awaitLine("listening on 127.0.0.1:9005", 30);
                try (JarProcess monitor = JarProcess.startWith(ns.exec(), "monitor", "svc.test:9005", "gone.test:9005",
                        "--interval", "200ms", "--timeout", "500ms", "--duration", "20s")) {
                    monitor.awaitLine(LocalDate.now().toString().substring(0, 4), 30);
                    awaitStdout(monitor, "svc.test:9005: UP (open in ", 10);
                    awaitStdout(monitor, "gone.test:9005: DOWN (3 consecutive DNS failures)", 10);
                    ns.hosts("127.0.0.2 svc.test\n"); // moved to an address where nothing listens
                    awaitStdout(monitor, "svc.test:9005: DOWN (3 consecutive connections refused)", 10);
                    ns.hosts("127.0.0.1 svc.test\n127.0.0.1 gone.test\n");
                    awaitStdout(monitor, "gone.test:9005: UP (open in ", 10);
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (monitor.stdout().lines().filter(l -> l.contains("svc.test:9005: UP")).count() < 2) {
                        assertTrue(System.nanoTime() < until, "svc.test back up once it moved back:\n" + monitor.stdout());
                        Thread.sleep(50);
                    }
                    monitor.signal("INT");
                    assertEquals(0, monitor.awaitExit(20));
                }
            }
        }
    }

    private static void awaitStdout(JarProcess p, String text, long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!p.stdout().contains(text)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no '" + text + "' on stdout:\n" + p.stdout() + "\nstderr:\n" + p.stderr());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void noRouteIsUnreachableAndOnceExitsTwo() throws Exception {
        try (Kernel.Namespace ns = Kernel.Namespace.create("monitor-unreach", false);
                JarProcess monitor = JarProcess.startWith(ns.exec(), "monitor", "127.0.0.1:80", "--once")) {
            assertEquals(2, monitor.awaitExit(60), monitor.stdout() + monitor.stderr());
            assertTrue(monitor.stdout().contains("127.0.0.1:80: DOWN (network or host unreachable)"), monitor.stdout());
        }
    }
}
