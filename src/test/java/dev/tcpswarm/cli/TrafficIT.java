package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpswarm traffic} as its users run it: the jar on real files, a file written by another
 * process and rotated by Debian's logrotate, and nginx's own combined access log.
 */
class TrafficIT {
    private static final long T0 = 1549573860; // 2019-02-07T21:11:00Z

    @TempDir
    Path dir;

    /** 2 minutes at 5/s, 3 at 20/s, 5 at 5/s; every 10th second's first request a 500. */
    private Path plannedFixture() throws IOException {
        List<String> rows = new ArrayList<>();
        rows.add("\"remotehost\",\"rfc931\",\"authuser\",\"date\",\"request\",\"status\",\"bytes\"");
        String[] paths = {"/api/user", "/api/help", "/report", "/user/1", "/"};
        long t = T0;
        for (int[] phase : new int[][] {{120, 5}, {180, 20}, {300, 5}}) {
            for (int s = 0; s < phase[0]; s++, t++) {
                for (int k = 0; k < phase[1]; k++) {
                    int status = k == 0 && s % 10 == 0 ? 500 : k == 1 ? 404 : 200;
                    rows.add("\"10.0.0." + (k % 4 + 1) + "\",\"-\",\"apache\"," + t + ",\"GET " + paths[k % 5]
                            + " HTTP/1.0\"," + status + ",1234");
                }
            }
        }
        Path f = dir.resolve("fixture.csv");
        Files.write(f, rows);
        return f;
    }

    @Test
    void thePlannedFixtureGivesOneAlertAndOneRecoveryToTheSecondAndExactCounts() throws Exception {
        Path fixture = plannedFixture();
        Path output = dir.resolve("out.txt");
        Process p = JarProcess.runToEnd(new ProcessBuilder(java("traffic", fixture.toString(), "-t", "10",
                "--no-follow")), output, 120);
        String out = Files.readString(output);
        assertEquals(0, p.exitValue(), out);
        List<String> alerts = out.lines().filter(l -> l.contains("generated an alert") || l.contains("back to"))
                .toList();
        assertEquals(2, alerts.size(), out);
        assertTrue(alerts.get(0).startsWith("High traffic generated an alert - hits = 1215, triggered at "
                + "2019-02-07T21:13:40Z"), alerts.get(0));
        assertTrue(alerts.get(1).startsWith("Traffic back to normal - hits = 1200, recovered at 2019-02-07T21:17:19Z"),
                alerts.get(1));
        // 120*5 + 180*20 + 300*5 hits; 60 seconds with a 500; a 404 every second
        long hits = 120 * 5 + 180 * 20 + 300 * 5;
        String totalRow = out.substring(out.indexOf("total,")).lines().filter(l -> l.startsWith("fixture.csv"))
                .findFirst().orElseThrow();
        // source, hits, req/s, 2xx, 3xx, 4xx, 5xx, bytes, bad, late
        assertEquals(List.of("fixture.csv", String.valueOf(hits), "9.50", String.valueOf(hits - 60 - 600), "0", "600",
                "60", "6.7M", "0", "0"), Arrays.asList(totalRow.trim().split(" +")), out);
        assertTrue(out.contains("  5xx: 500 x60"), out);
        // the first interval: 50 hits, sections and their counts exactly
        int first = out.indexOf("2019-02-07 21:11:00 to 21:11:10 UTC");
        String table = out.substring(first, out.indexOf("2019-02-07 21:11:10 to", first));
        String row = table.lines().filter(l -> l.startsWith("fixture.csv")).findFirst().orElseThrow();
        assertEquals(List.of("fixture.csv", "50", "5.00", "39", "0", "10", "1"),
                Arrays.asList(row.trim().split(" +")).subList(0, 7), table);
        assertTrue(table.contains("  sections: /api 20, / 10, /report 10, /user 10"), table);
        assertTrue(table.contains("  5xx:      500 x1"), table);
        assertTrue(out.contains("alerts: 1 raised, 0 firing at the end"), out);
        assertTrue(out.lines().filter(l -> !l.startsWith("tcpswarm traffic:") && !alerts.contains(l))
                .allMatch(l -> l.length() <= 80), "a summary line wider than 80 columns");
    }

    @Test
    void malformedInputIsCountedAndReportedAndTwoSourcesAreReadInOneProcess() throws Exception {
        Path bad = dir.resolve("access.log");
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            log.append("10.0.0.1 - - [07/Feb/2019:21:11:0").append(i % 10)
                    .append(" +0000] \"GET /api/x HTTP/1.1\" 200 10 \"-\" \"curl\"\n");
            if (i == 4) {
                log.append("this is not a log line\n");
            }
        }
        byte[] garbage = new byte[3000];
        new java.util.Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = garbage[i] == '\n' ? 0 : garbage[i];
        }
        try (var o = Files.newOutputStream(bad)) {
            o.write(log.toString().getBytes(StandardCharsets.US_ASCII));
            o.write(garbage);
            o.write('\n');
            o.write(("10.0.0.1 - - [07/Feb/2019:21:11:09 +0000] \"GET /" + "a".repeat(1 << 20) + " HTTP/1.1\" 200 1 "
                    + "\"-\" \"-\"\n").getBytes(StandardCharsets.US_ASCII));
            o.write("10.0.0.1 - - [07/Feb/2019:21:11:09 +0000] \"GET /half".getBytes(StandardCharsets.US_ASCII));
        }
        Path empty = Files.createFile(dir.resolve("empty.log"));
        Path csv = dir.resolve("other.csv");
        Files.write(csv, List.of("\"remotehost\",\"rfc931\",\"authuser\",\"date\",\"request\",\"status\",\"bytes\"",
                "\"10.0.0.2\",\"-\",\"apache\"," + T0 + ",\"GET /api/user HTTP/1.0\",200,1234",
                "\"10.0.0.4\",\"-\",\"apache\"," + (T0 + 1) + ",\"POST /report HTTP/1.0\",500,1307"));
        Path output = dir.resolve("out.txt");
        Process p = JarProcess.runToEnd(new ProcessBuilder(java("traffic", bad.toString(), empty.toString(),
                csv.toString(), "--no-follow")), output, 60);
        String out = Files.readString(output);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("malformed: access.log:6: not a combined-log line (no [date]) (+3 more)"), out);
        Matcher total = Pattern.compile("(?m)^(\\S+) +(\\d+) +\\S+ +(\\d+) +\\d+ +\\d+ +(\\d+) +\\S+ +(\\d+) +(\\d+)$")
                .matcher(out.substring(out.indexOf("total,")));
        List<String> rows = new ArrayList<>();
        while (total.find()) {
            rows.add(total.group(1) + " hits=" + total.group(2) + " 5xx=" + total.group(4) + " bad=" + total.group(5));
        }
        // 20 good lines; bad: the text line, the garbage, the 1 MB line, the half-written last line
        assertEquals(List.of("access.log hits=20 5xx=0 bad=4", "empty.log hits=0 5xx=0 bad=0",
                "other.csv hits=2 5xx=1 bad=0", "all hits=22 5xx=1 bad=4"), rows, out);
        assertTrue(out.contains("a line of 1048651 bytes, longer than 64 KiB") || out.contains("(+3 more)"), out);
    }

    @Test
    void aGrowingFileRotatedByLogrotateCreateThenCopytruncateIsCountedExactlyOnce() throws Exception {
        Path log = dir.resolve("app.log");
        Files.createFile(log);
        Path state = dir.resolve("logrotate.state");
        Path create = dir.resolve("create.conf");
        Files.writeString(create, log + " {\n  rotate 5\n  create\n  missingok\n}\n");
        Path copy = dir.resolve("copy.conf");
        Files.writeString(copy, log + " {\n  rotate 5\n  copytruncate\n  missingok\n}\n");
        int batches = 60;
        int perBatch = 50;
        // the writer, another process: opens the log to append for each batch, as a logger that reopens does
        Path writer = dir.resolve("writer.sh");
        Path pause = dir.resolve("pause");
        Files.writeString(writer, "for b in $(seq 1 " + batches + "); do\n"
                + "  while [ -e " + pause + " ]; do sleep 0.01; done\n"
                + "  now=$(date -u +%d/%b/%Y:%H:%M:%S)\n"
                + "  for i in $(seq 1 " + perBatch + "); do printf '10.0.0.1 - - [%s +0000] \"GET /api/%s HTTP/1.1\" "
                + "200 5 \"-\" \"w\"\\n' \"$now\" \"$b\"; done >> " + log + "\n"
                + "  sleep 0.05\ndone\n");
        try (JarProcess traffic = JarProcess.start("traffic", log.toString(), "-i", "1", "--lateness", "5")) {
            traffic.awaitLine("tcpswarm traffic:", 30);
            Process w = new ProcessBuilder("bash", writer.toString()).redirectErrorStream(true).start();
            Thread.sleep(1000);
            logrotate(create, state);
            Thread.sleep(1000);
            // copytruncate loses what is written between its copy and its truncation (logrotate's own
            // caveat), so the writer pauses around it: then the files hold every line, and the count is exact
            Files.createFile(pause);
            Thread.sleep(300);
            logrotate(copy, state);
            Files.delete(pause);
            assertTrue(w.waitFor(60, TimeUnit.SECONDS), "the writer did not finish");
            assertEquals(0, w.exitValue());
            Thread.sleep(1500); // the follower polls every 50 ms
            traffic.signal("TERM");
            assertEquals(0, traffic.awaitExit(30), traffic.stdout() + traffic.stderr());
            String out = traffic.stdout();
            String totalRow = out.substring(out.indexOf("total,")).lines().filter(l -> l.startsWith("app.log"))
                    .findFirst().orElseThrow();
            long lines = 0;
            for (Path f : Files.list(dir).filter(f -> f.getFileName().toString().startsWith("app.log")).toList()) {
                lines += Files.readAllLines(f).size();
            }
            assertEquals((long) batches * perBatch, lines, "the files hold every line written");
            assertEquals(List.of("app.log", String.valueOf(batches * perBatch)),
                    Arrays.asList(totalRow.trim().split(" +")).subList(0, 2), out);
            assertTrue(Files.exists(dir.resolve("app.log.2")), "both rotations happened");
        }
    }

    @Test
    void nginxsCombinedLogIsCountedExactlyAgainstTheRequestsSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path html = Files.createDirectories(dir.resolve("html"));
        Files.writeString(html.resolve("index.html"), "hello\n");
        Files.createDirectories(html.resolve("api"));
        Files.writeString(html.resolve("api/user"), "{}\n");
        Path access = dir.resolve("access.log");
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "daemon off;\nmaster_process off;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + ";\nevents { worker_connections 64; }\n"
                + "http {\n  client_body_temp_path " + dir + "/cb;\n  proxy_temp_path " + dir + "/px;\n"
                + "  fastcgi_temp_path " + dir + "/fc;\n  uwsgi_temp_path " + dir + "/uw;\n  scgi_temp_path " + dir
                + "/sc;\n  access_log " + access + " combined;\n"
                + "  server { listen 127.0.0.1:" + port + "; root " + html + "; }\n}\n");
        Files.createFile(access);
        Process nginx = new ProcessBuilder("/usr/sbin/nginx", "-c", conf.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        awaitListening(client, port, nginx); // its readiness probes' lines come before traffic starts, at the end
        try (JarProcess traffic = JarProcess.start("traffic", access.toString(), "-i", "1", "--lateness", "2",
                "--metrics", "127.0.0.1:0")) {
            traffic.awaitLine("tcpswarm traffic:", 30);
            String metricsUrl = metricsUrl(traffic);
            int ok = 0;
            int missing = 0;
            for (int i = 0; i < 150; i++) {
                String path = i % 3 == 0 ? "/nothing/" + i : i % 3 == 1 ? "/api/user" : "/";
                int code = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (code == 200) {
                    ok++;
                } else if (code == 404) {
                    missing++;
                }
            }
            assertEquals(100, ok);
            assertEquals(50, missing);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String metrics = "";
            while (System.nanoTime() < until && !metrics.contains("status_class=\"4xx\"} 50.0")) {
                metrics = client.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Thread.sleep(100);
            }
            assertTrue(metrics.contains("tcpswarm_traffic_requests_total{source=\"access.log\",status_class=\"2xx\"} 100.0"),
                    metrics);
            assertTrue(metrics.contains("tcpswarm_traffic_requests_total{source=\"access.log\",status_class=\"4xx\"} 50.0"),
                    metrics);
            traffic.signal("TERM");
            assertEquals(0, traffic.awaitExit(30));
            String out = traffic.stdout();
            String totalRow = out.substring(out.indexOf("total,")).lines().filter(l -> l.startsWith("access.log"))
                    .findFirst().orElseThrow();
            List<String> cells = Arrays.asList(totalRow.trim().split(" +"));
            // hits, 2xx, 3xx, 4xx, 5xx, bad, late
            assertEquals(List.of("150", "100", "0", "50", "0", "0", "0"), List.of(cells.get(1), cells.get(3),
                    cells.get(4), cells.get(5), cells.get(6), cells.get(8), cells.get(9)), out);
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The banner wraps at 120 columns, so where the URL falls depends on the length of the
     * temporary directory's name: it is read from whichever line holds it.
     */
    private static String metricsUrl(JarProcess traffic) throws InterruptedException {
        Matcher url = Pattern.compile("http://\\S+/metrics").matcher("");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (url.reset(traffic.stdout()).find()) {
                return url.group();
            }
        }
        throw new AssertionError("no metrics URL in the banner: " + traffic.stdout());
    }

    private static void awaitListening(HttpClient client, int port, Process nginx) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                if (!nginx.isAlive() || System.nanoTime() > until) {
                    throw new AssertionError("nginx did not start", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void logrotate(Path conf, Path state) throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/logrotate", "-f", "-s", state.toString(), conf.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarProcess.jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
