package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.established.Promtool;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter as users run it (the jar), scraped over HTTP while {@code tcpswarm run --hold} holds
 * connections to the built-in server: the counts, --min-age in real time (new connections are not
 * long-lived, then are), the exporter's own port (the scrape's keep-alive connection) never
 * counted, closed connections gone, promtool's check of every scrape, SIGTERM, and the settings
 * from the environment and a config file.
 */
@Timeout(120)
class EstablishedExporterIT {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+): .*");

    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @AfterEach
    void stopRunner() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    private String scrape(int port) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of the sample line {@code name{labels}} in the scrape, or -1 when there is none. */
    private static double sample(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(series.length() + 1))).findFirst().orElse(-1);
    }

    private static int port(String listeningLine) {
        Matcher m = LISTENING.matcher(listeningLine);
        assertTrue(m.matches(), listeningLine);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void scrapedWhileConnectionsComeAgeAndGo() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getByName("127.0.0.1"), 0, ServerMode.HOLD, 0, 1);
                JarProcess exporter = JarProcess.start("established", "--listen", "127.0.0.1:0", "-i", "100ms",
                        "--min-age", "2500ms")) {
            int metricsPort = port(exporter.awaitLine("listening on ", 30));
            String connections = "tcpswarm_established_connections{family=\"ipv4\",port=\"" + server.port() + "\"}";
            String longLived = "tcpswarm_established_long_lived_connections{family=\"ipv4\",port=\"" + server.port()
                    + "\"}";
            Kernel.awaitEquals(1, () -> (long) sample(scrape(metricsPort), "tcpswarm_established_scans_total") > 0
                    ? 1 : 0, 10, "a first scan");
            Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(server.port()), "-c", "20",
                    "-s", "0", "--hold", "4s", "-y", "-i", "0"));
            Kernel.awaitEquals(20, server::openNow, 30, "held");

            String first = scrape(metricsPort);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sample(first, connections) != 20 && System.nanoTime() < until) {
                Thread.sleep(20);
                first = scrape(metricsPort);
            }
            assertEquals(20, sample(first, connections), first);
            assertEquals(0, sample(first, longLived), "just opened: younger than --min-age\n" + first);
            Promtool.checkMetrics(first);

            Kernel.awaitEquals(20, () -> (long) sample(scrape(metricsPort), longLived), 10, "long-lived after 2.5 s");
            String aged = scrape(metricsPort);
            assertTrue(sample(aged, "tcpswarm_established_oldest_age_seconds{port=\"" + server.port() + "\"}") >= 2.5,
                    aged);
            assertTrue(sample(aged, "tcpswarm_established_tracking_seconds") >= 2.5, aged);
            assertEquals(2.5, sample(aged, "tcpswarm_established_min_age_seconds"));
            double scanSeconds = sample(aged, "tcpswarm_established_scan_duration_seconds");
            assertTrue(scanSeconds > 0 && scanSeconds < 1, aged);
            assertEquals(0, sample(aged, "tcpswarm_established_scan_errors_total"));
            // This client's keep-alive connection to the exporter has been open across many scans.
            assertFalse(aged.contains("port=\"" + metricsPort + "\""), "the exporter's own port is counted:\n" + aged);
            Promtool.checkMetrics(aged);
            assertTrue(aged.contains("tcpswarm_build_info{revision=\""), "the build's version and commit\n" + aged);
            for (String processMetric : List.of("process_cpu_seconds_total", "process_open_fds",
                    "process_resident_memory_bytes", "jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current")) {
                assertTrue(sample(aged, processMetric) > 0, processMetric + " from client_java's JVM metrics\n" + aged);
            }
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                    + "/-/healthy")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "liveness probe");

            assertEquals(0, run.get(30, TimeUnit.SECONDS).exit());
            Kernel.awaitEquals(-1, () -> (long) sample(scrape(metricsPort), connections), 10, "closed: series gone");

            exporter.signal("TERM");
            assertEquals(0, exporter.awaitExit(20));
            assertTrue(exporter.stdout().lines().reduce((a, b) -> b).orElse("").matches("stopped after \\d+ scans"),
                    exporter.stdout());
        }
    }

    @Test
    void compatModeReadsTheOriginalsEnvironmentAndKeepsItsMetricAtZero() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getByName("127.0.0.1"), 0, ServerMode.HOLD, 0, 1)) {
            // LISTEN as HOST:PORT keeps the test on loopback; its bare port would bind every interface
            Process exporter = startWithEnv(Map.of("TCPSWARM_ESTABLISHED_COMPAT", "tcp_established_exporter",
                    "PORT", String.valueOf(server.port()), "DURATION", "0", "LISTEN", "127.0.0.1:0"), "established");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(exporter.getInputStream(),
                        StandardCharsets.UTF_8));
                int metricsPort = port(out.readLine());
                String original = "netstat_tcp_longterm_connections_total{port=\"" + server.port() + "\",tcp_version=\"4\"}";
                Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(server.port()),
                        "-c", "7", "-s", "0", "--hold", "2s", "-y", "-i", "0"));
                Kernel.awaitEquals(7, () -> (long) sample(scrape(metricsPort), original), 20, "its metric, duration 0");
                assertEquals(0, run.get(30, TimeUnit.SECONDS).exit());
                Kernel.awaitEquals(0, () -> (long) sample(scrape(metricsPort), original), 10, "closed: its series at 0");
                String scrape = scrape(metricsPort);
                assertEquals(-1, sample(scrape, "tcpswarm_established_long_lived_connections{family=\"ipv4\",port=\""
                        + server.port() + "\"}"), "tcpswarm's own series beside it, gone\n" + scrape);
                // promtool's lint refuses "_total" on a gauge: the original's own name, kept as it was
                Promtool.checkMetrics(scrape.lines().filter(l -> !l.contains("netstat_tcp_longterm"))
                        .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
                HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                        + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, index.statusCode());
                assertTrue(index.body().contains("href=\"/metrics\"") && index.body().contains("/-/healthy")
                        && index.body().contains("[" + server.port() + "]") && index.body().contains("tcp_established_exporter"),
                        index.body());
            } finally {
                exporter.destroy();
                exporter.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void withoutTheModeTheOriginalsVariablesGetOneLine() throws Exception {
        Process once = startWithEnv(Map.of("SIMPLE", "true", "DURATION", "30"), "established", "--once", "--min-age", "0");
        assertTrue(once.waitFor(30, TimeUnit.SECONDS));
        String err = new String(once.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, once.exitValue(), err);
        assertEquals(List.of("tcpswarm: SIMPLE, DURATION are tcp_established_exporter's settings, ignored here: run with "
                + "--compat tcp_established_exporter (or TCPSWARM_ESTABLISHED_COMPAT=tcp_established_exporter) to read "
                + "them as it did"), err.lines().toList());
    }

    /** The jar with {@code env} added to this process's environment. */
    private static Process startWithEnv(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JarProcess.jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void settingsFromTheEnvironmentAndAConfigFileAndSimple() throws Exception {
        Path config = dir.resolve("established.conf");
        Files.write(config, List.of("# as the tcp_established_exporter's file: key value", "interval 100ms",
                "min-age 0", "simple false", "listen 127.0.0.1:1"));
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getByName("127.0.0.1"), 0, ServerMode.HOLD, 0, 1)) {
            Process exporter = startWithEnv(Map.of("TCPSWARM_ESTABLISHED_CONFIG", config.toString(),
                    "TCPSWARM_ESTABLISHED_SIMPLE", "true", "TCPSWARM_ESTABLISHED_PORT", String.valueOf(server.port())),
                    "established", "--listen", "127.0.0.1:0");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(exporter.getInputStream(),
                        StandardCharsets.UTF_8));
                int metricsPort = port(out.readLine());
                Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(server.port()),
                        "-c", "7", "-s", "0", "--hold", "2s", "-y", "-i", "0"));
                Kernel.awaitEquals(7, () -> (long) sample(scrape(metricsPort),
                        "tcpswarm_established_long_lived_connections"), 20, "simple: one unlabelled gauge, min-age 0");
                String scrape = scrape(metricsPort);
                assertFalse(scrape.lines().anyMatch(l -> l.startsWith("tcpswarm_established_") && l.contains("{")),
                        "--simple (from the environment): no labels\n" + scrape);
                assertEquals(0, sample(scrape, "tcpswarm_established_min_age_seconds"), "min-age from the file");
                Promtool.checkMetrics(scrape);
                assertEquals(0, run.get(30, TimeUnit.SECONDS).exit());
            } finally {
                exporter.destroy();
                exporter.waitFor(20, TimeUnit.SECONDS);
            }
        }

        Process bad = startWithEnv(Map.of("TCPSWARM_ESTABLISHED_INTERVAL", "often"), "established", "--once");
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(64, bad.exitValue(), err);
        assertEquals("tcpswarm: TCPSWARM_ESTABLISHED_INTERVAL: 'often' is not a duration: use a number with an "
                + "optional unit (us, ms, s, m, h, d), e.g. 500ms or 5s (see 'tcpswarm established --help')", err.trim());
    }

    @Test
    void onceInterruptedBeforeMinAgePrintsTheTableMarkedIncomplete() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getByName("127.0.0.1"), 0, ServerMode.HOLD, 0, 1)) {
            Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(server.port()), "-c", "5",
                    "-s", "0", "--hold", "3s", "-y", "-i", "0"));
            Kernel.awaitEquals(5, server::openNow, 30, "held");
            try (JarProcess once = JarProcess.start("established", "--once", "--min-age", "1m", "-i", "100ms", "--port",
                    String.valueOf(server.port()), "--debug")) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!once.stderr().contains("scan: ") && System.nanoTime() < until) {
                    Thread.sleep(20); // until the first scan is done: --debug prints a line per scan
                }
                once.signal("TERM");
                assertEquals(1, once.awaitExit(20), once.stdout() + once.stderr());
                List<String> lines = once.stdout().lines().toList();
                assertEquals(List.of("PORT   FAMILY   ESTABLISHED  LONG-LIVED  OLDEST AGE"), lines.subList(0, 1));
                assertTrue(lines.get(1).matches(server.port() + " +ipv4 +5 +0  \\d+\\.\\ds"), lines.get(1));
                assertTrue(lines.get(3).contains("INCOMPLETE"), once.stdout());
            }
            assertEquals(0, run.get(30, TimeUnit.SECONDS).exit());
        }
    }
}
