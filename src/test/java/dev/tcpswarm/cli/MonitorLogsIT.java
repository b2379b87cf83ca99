package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An access log as a source of {@code tcpswarm monitor}, from the config file, in the real process:
 * a {@code logs:} entry found by its glob, a webhook alert on {@code requests_per_second} (fired while
 * a writer appends 40 lines a second, resolved once it stops), every line counted exactly once in
 * {@code /metrics}, in the store's rows per interval, in {@code /api/logs} and in
 * {@code monitor report}; malformed lines counted apart; and a log's threshold alert with
 * HttpMonitor's words on stdout.
 */
@Timeout(120)
class MonitorLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRICS = Pattern.compile("metrics on http://([^ ;/]+)/metrics");
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aLogsSourceAlertsThroughAWebhookAndIsCountedEverywhere() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        Path logs = Files.createDirectory(dir.resolve("nginx"));
        Path access = logs.resolve("shop.access.log");
        Files.writeString(access, line(Instant.now().minusSeconds(3600), "/old", 200)); // before the start: not read
        Files.writeString(logs.resolve("shop.access.log.1"), line(Instant.now(), "/rotated", 200)); // a rotated copy
        Path db = dir.resolve("monitor.db");
        Path cfg = Files.writeString(dir.resolve("monitor.yaml"), """
                logs:
                  - name: shop
                    path: "%1$s/*access.log*"
                    format: combined
                    interval: 1s
                    window: 3s
                    lateness: 0s
                    threshold: 25
                channels:
                  hook: {type: webhook, url: "http://127.0.0.1:%2$d/hook"}
                alerts:
                  - name: shop_busy
                    target: shop
                    when: {stat: requests_per_second, above: 20}
                    channels: [hook]
                metrics: {listen: "127.0.0.1:0"}
                store: {path: "%3$s"}
                """.formatted(logs, receiver.getAddress().getPort(), db));
        long written = 0;
        try (JarProcess monitor = JarProcess.start("monitor", cfg.toString())) {
            Matcher m = METRICS.matcher(monitor.awaitLine("monitoring 0 services, 1 access log, 2 alerts", 30));
            assertTrue(m.find());
            String http = "http://" + m.group(1);
            Thread.sleep(500);
            try (Writer w = Files.newBufferedWriter(access, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                long start = System.nanoTime();
                for (int tick = 0; tick < 60; tick++) { // 6 s at 40 lines a second, stamped with their own time
                    for (int i = 0; i < 4; i++) {
                        w.write(line(Instant.now(), i == 0 ? "/api/cart" : "/shop/item", i == 3 && tick % 2 == 0 ? 503 : 200));
                        written++;
                    }
                    if (tick == 30) {
                        w.write("not an access log line\n");
                    }
                    w.flush();
                    long next = start + TimeUnit.MILLISECONDS.toNanos(100L * (tick + 1));
                    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
                }
            }
            awaitEvents(received, List.of("firing", "resolved"), 30);
            JsonNode firing = received.get(0);
            assertEquals("shop_busy", firing.get("alert").asText());
            assertEquals("shop", firing.get("target").asText());
            assertTrue(firing.get("message").asText().startsWith("shop: High traffic generated an alert - hits = "),
                    firing.toString());
            assertTrue(received.get(1).get("message").asText().startsWith("shop: Traffic back to normal - hits = "),
                    received.get(1).toString());

            String metrics = get(http + "/metrics");
            assertEquals(written, metric(metrics, "tcpswarm_traffic_requests_total{source=\"shop\",status_class=\"2xx\"}")
                    + metric(metrics, "tcpswarm_traffic_requests_total{source=\"shop\",status_class=\"5xx\"}"), metrics);
            assertEquals(30, metric(metrics, "tcpswarm_traffic_requests_total{source=\"shop\",status_class=\"5xx\"}"));
            assertEquals(1, metric(metrics, "tcpswarm_traffic_malformed_lines_total{source=\"shop\"}"));
            assertEquals(written * 5, metric(metrics, "tcpswarm_traffic_bytes_total{source=\"shop\"}"));

            JsonNode shop = JSON.readTree(get(http + "/api/logs")).at("/logs/0");
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < until
                    && !(shop.at("/window/requests_per_second").asDouble(-1) == 0 && shop.get("alerts_firing").isEmpty()); ) {
                Thread.sleep(200);
                shop = JSON.readTree(get(http + "/api/logs")).at("/logs/0");
            }
            assertEquals("shop", shop.get("name").asText(), shop.toString());
            assertEquals(0.0, shop.at("/window/requests_per_second").asDouble(), "the writer stopped: " + shop);
            assertEquals(0, shop.get("alerts_firing").size(), shop.toString());
            long apiHits = 0;
            for (JsonNode h : shop.at("/series/hits")) {
                apiHits += h.asLong();
            }
            assertTrue(apiHits >= written - 40 && apiHits <= written, "the stored intervals so far hold " + apiHits
                    + " of " + written + " (at most the last second's still open)");
            assertTrue(shop.at("/series/requests_per_second").size() >= 5, shop.toString());

            monitor.signal("TERM");
            assertEquals(0, monitor.awaitExit(20), monitor.stderr());
            String out = monitor.stdout();
            assertTrue(out.contains("shop: High traffic generated an alert - hits = "), "the threshold alert on stdout:\n"
                    + out);
            assertTrue(out.contains("shop: Traffic back to normal - hits = "), out);
            assertTrue(Pattern.compile("(?m)^shop \\d\\d:\\d\\d:\\d\\d to \\d\\d:\\d\\d:\\d\\d UTC: \\d+ hits \\d+\\.00/s, 2xx \\d+ 3xx 0 "
                    + "4xx 0 5xx \\d+ \\(503 x\\d+\\), bytes \\d+, sections /shop \\d+ /api \\d+").matcher(out).find(), "a line per interval:\n" + out);
            assertTrue(out.contains("1 malformed, 0 late (first: shop.access.log:"), out);
        } finally {
            receiver.stop(0);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(hits), sum(status_5xx), sum(malformed), count(*)"
                        + " FROM traffic WHERE source = 'shop'")) {
            assertTrue(rs.next());
            assertEquals(written, rs.getLong(1), "every line in one stored interval, none twice, none lost at the stop");
            assertEquals(30, rs.getLong(2));
            assertEquals(1, rs.getLong(3));
            assertTrue(rs.getLong(4) >= 6, rs.getLong(4) + " rows: one per second of traffic");
        }
        Cli.Outcome report = Cli.run("monitor", "report", "--store", db.toString(), "--json");
        assertEquals(0, report.exit(), report.err());
        JsonNode r = JSON.readTree(report.out()).at("/logs/0");
        assertEquals("shop", r.get("name").asText(), report.out());
        assertEquals(written, r.get("hits").asLong());
        assertEquals(30, r.at("/status_classes/5xx").asLong());
        List<String> busy = new java.util.ArrayList<>();
        r.get("alerts").forEach(a -> {
            if (a.get("alert").asText().equals("shop_busy")) {
                busy.add(a.get("event").asText());
            }
        });
        assertEquals(List.of("firing", "resolved"), busy, r.toString());
        Cli.Outcome text = Cli.run("monitor", "report", "--store", db.toString());
        assertTrue(text.out().contains("Access log alerts:"), text.out());
        assertTrue(Pattern.compile("(?m)^shop +\\| +" + written + " \\|").matcher(text.out()).find(), text.out());
    }

    private static String line(Instant t, String path, int status) {
        return "10.0.0.7 - - [" + CLF.format(t) + "] \"GET " + path + " HTTP/1.1\" " + status + " 5 \"-\" \"it\"\n";
    }

    private static void awaitEvents(List<JsonNode> received, List<String> events, long seconds)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (received.size() < events.size() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertEquals(events, received.stream().map(n -> n.get("event").asText()).toList(), received.toString());
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long metric(String body, String series) {
        for (String l : body.split("\n")) {
            if (l.startsWith(series + " ")) {
                return (long) Double.parseDouble(l.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
