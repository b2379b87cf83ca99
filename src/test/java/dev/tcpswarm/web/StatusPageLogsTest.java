package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.metrics.MetricsEndpoint;
import dev.tcpswarm.monitor.Monitor;
import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.store.StoreExtension;
import dev.tcpswarm.store.StoreSection;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An access log of the monitor's {@code logs:} section on the status page, in headless Chromium: a
 * real monitor (its pipeline, the log's reading thread, the store, the HTTP server, on the system
 * clock) follows a real file that the test appends 200 combined-log lines and a malformed one to;
 * the page gets one card for the log, named as text (the name is an img tag), whose figures are the
 * ones written: hits by status class, malformed lines, requests per second now; its chart's bars,
 * stacked by status class, hold every request written (rate times seconds covered, per class) and
 * its axis spans the chosen range; its alerts say which fires and why (HttpMonitor's message) and
 * which does not. Nothing runs past its box at 320, 390, 430 and 1400 px; screenshots at 390 and
 * 1400 px go to target/screenshots/.
 */
@Timeout(180)
class StatusPageLogsTest {
    private static final String NAME = "<img src=x onerror=alert(3)>shop";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Each second's 50 lines: 30 answered 200, 10 301, 5 404 and 5 503. */
    private static final Map<Integer, Integer> PER_SECOND = Map.of(200, 30, 301, 10, 404, 5, 503, 5);
    private static final int SECONDS = 4;

    static Browser browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void eachLogGetsACardWithItsRequestsPerSecondStackedByStatusClassAndItsAlerts() throws Exception {
        Path access = Files.writeString(dir.resolve("shop.access.log"), "");
        try (ServerSocket web = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> acceptAndClose(web), "web");
            acceptor.setDaemon(true);
            acceptor.start();
            String yaml = """
                    services:
                      - {name: web, address: "127.0.0.1:%1$d", interval: 5s}
                    logs:
                      - name: "%2$s"
                        path: "%3$s"
                        format: combined
                        interval: 1s
                        window: 60s
                        lateness: 0s
                        threshold: 3
                    alerts:
                      - {name: shop_errors, target: "%2$s", when: {stat: status_5xx_ratio, above: 50%%}}
                    metrics: {listen: "127.0.0.1:0"}
                    store: {path: "%4$s"}
                    """.formatted(web.getLocalPort(), NAME, access, dir.resolve("monitor.db"));
            MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("logs.yaml", yaml);
            ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
            PrometheusRegistry registry = new PrometheusRegistry();
            MonitorExtension.Context context = new MonitorExtension.Context(config, MonitorClock.SYSTEM, registry, System.err);
            try (MonitorExtension.Attachment store = new StoreExtension().attach(context);
                    MonitorExtension.Attachment pages = new StatusPageExtension().attach(context);
                    MetricsEndpoint endpoint = MetricsEndpoint.start(config.metricsListen(), registry, pages.pages())) {
                List<MonitorListener> sinks = new ArrayList<>(store.sinks());
                sinks.addAll(pages.sinks());
                try (Monitor monitor = new Monitor(config, MonitorClock.SYSTEM, Transport.detect(), 1, out, System.err,
                        registry, sinks)) {
                    store.sources().forEach(monitor::addSource);
                    pages.sources().forEach(monitor::addSource);
                    monitor.start();
                    String base = "http://127.0.0.1:" + endpoint.port() + "/";
                    Map<String, Long> written = write(access);
                    JsonNode log = awaitLog(base, written.get("hits"));

                    // what the API gives is what was written, and the alert on the traffic fires
                    assertEquals(NAME, log.get("name").asText());
                    assertEquals(written, sums(log.get("series")), "the API's intervals: " + log);

                    browser.width(1400).open(URI.create(base));
                    awaitCard(written.get("hits"));
                    browser.script("Array.from(document.querySelectorAll('.ranges button'))"
                            + ".find(b => b.textContent === '1h').click();");
                    awaitCard(written.get("hits"));
                    assertEquals(1L, browser.script("return document.querySelectorAll('section.log').length;"), "one card");
                    assertEquals(0L, browser.script("return document.querySelectorAll('main img').length;"),
                            "the name is text, not an element");
                    assertEquals(NAME, browser.text("section.log h3"));

                    // its figures: the totals of the range are the lines written, by class
                    @SuppressWarnings("unchecked")
                    Map<String, String> totals = (Map<String, String>) browser.script("var o = {};"
                            + "document.querySelectorAll('section.log [data-log-total]').forEach(e => {"
                            + "  o[e.dataset.logTotal] = e.textContent; }); return o;");
                    for (String k : List.of("2xx", "3xx", "4xx", "5xx", "malformed")) {
                        assertEquals(String.valueOf(written.get(k)), totals.get(k), k + " shown: " + totals);
                    }
                    assertEquals(String.valueOf(written.get("hits")), totals.get("hits"), "requests shown: " + totals);
                    // every figure bound to api/logs says what the JSON the page read says
                    JsonNode read = JSON.readTree((String) browser.script("return JSON.stringify(window.TcpSwarmStatus.logs);"));
                    int errors = read.at("/logs/0/alerts/0/alert").asText().equals("shop_errors") ? 0 : 1;
                    browser.assertFiguresEqual(read, List.of("/logs/0/name", "/logs/0/window/requests_per_second",
                            "/logs/0/window/status_5xx_ratio", "/logs/0/alerts_firing/0/message",
                            "/logs/0/alerts/" + errors + "/alert", "/logs/0/alerts/" + errors + "/when"), "logField");

                    // the chart: bars per 30 s over the hour, each class's rate times the seconds covered is its hits
                    @SuppressWarnings("unchecked")
                    Map<String, Object> chart = (Map<String, Object>) browser.script(
                            "return window.TcpSwarmStatus.logCharts[arguments[0]];", NAME);
                    assertEquals(30L, ((Number) chart.get("step")).longValue(), "bars of 30 s in an hour");
                    @SuppressWarnings("unchecked")
                    List<Number> covered = (List<Number>) chart.get("covered");
                    @SuppressWarnings("unchecked")
                    Map<String, List<Number>> rates = (Map<String, List<Number>>) chart.get("rates");
                    for (String k : List.of("2xx", "3xx", "4xx", "5xx")) {
                        double hits = 0;
                        for (int b = 0; b < covered.size(); b++) {
                            Number r = rates.get(k).get(b);
                            hits += r == null ? 0 : r.doubleValue() * covered.get(b).doubleValue();
                        }
                        assertEquals(written.get(k), hits, 1e-6, k + ": the bars' rates times their seconds");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> x = (Map<String, Object>) browser.script("var u = window.TcpSwarmStatus"
                            + ".logPlots[arguments[0]]; return {min: u.scales.x.min, max: u.scales.x.max,"
                            + " top: u.data[1], series: u.series.map(s => s.label)};", NAME);
                    assertEquals(3600.0, ((Number) x.get("max")).doubleValue() - ((Number) x.get("min")).doubleValue(), 1.0,
                            "the axis spans the hour chosen");
                    assertEquals(List.of("time (UTC)", "5xx", "4xx", "3xx", "2xx"), x.get("series"),
                            "stacked: the sum of all drawn first, 2xx at the bottom");
                    @SuppressWarnings("unchecked")
                    List<Number> top = (List<Number>) x.get("top");
                    double all = 0;
                    for (int b = 0; b < covered.size(); b++) {
                        all += top.get(b) == null ? 0 : top.get(b).doubleValue() * covered.get(b).doubleValue();
                    }
                    assertEquals(written.get("hits"), all, 1e-6, "the stack's top holds every request");
                    assertTrue(browser.canvases().stream().anyMatch(c -> c.caption().startsWith(
                            "Requests per second by status class: " + NAME) && c.coloured() > 200),
                            "the bars are drawn: " + browser.canvases());

                    // its alerts: the high-traffic one fires, with HttpMonitor's words; the 5xx one does not
                    assertEquals("1 alert firing", browser.text("section.log .head .badge"));
                    String firing = browser.text("section.log .log-alerts .firing");
                    assertTrue(firing.startsWith("Firing: " + NAME + "_high_traffic since ")
                            && firing.contains(": " + NAME + ": High traffic generated an alert - hits = ")
                            && firing.contains(", triggered at "), firing);
                    String quiet = browser.text("section.log .log-alerts .note:not(.firing)");
                    assertEquals("Not firing: shop_errors (status_5xx_ratio above 0.5)", quiet);

                    for (int width : List.of(320, 390, 430, 1400)) {
                        browser.width(width).open(URI.create(base)); // laid out for this width from the start
                        awaitCard(written.get("hits"));
                        browser.script("Array.from(document.querySelectorAll('.ranges button'))"
                                + ".find(b => b.textContent === '1h').click();");
                        awaitCard(written.get("hits"));
                        assertBarsInside(width);
                        assertEquals(List.of(), browser.overflows(), width + " px: elements wider than their box");
                        assertEquals(List.of(), browser.overflowing(), width + " px: elements past their container");
                        if (width == 390 || width == 1400) {
                            browser.screenshot("status-page-logs-" + width, width);
                        }
                    }
                    browser.assertNoErrors();
                }
            }
        }
    }

    /** Every bar with requests lies inside the x axis, and the y axis reaches the highest stack. */
    @SuppressWarnings("unchecked")
    private static void assertBarsInside(int width) {
        Map<String, Object> u = (Map<String, Object>) browser.script("var u = window.TcpSwarmStatus.logPlots[arguments[0]];"
                + "return {x: u.data[0], top: u.data[1], min: u.scales.x.min, max: u.scales.x.max, ymax: u.scales.y.max};",
                NAME);
        List<Number> xs = (List<Number>) u.get("x");
        List<Number> top = (List<Number>) u.get("top");
        double highest = 0;
        int drawn = 0;
        for (int i = 0; i < xs.size(); i++) {
            if (top.get(i) != null && top.get(i).doubleValue() > 0) {
                double x = xs.get(i).doubleValue();
                assertTrue(x >= ((Number) u.get("min")).doubleValue() && x <= ((Number) u.get("max")).doubleValue(),
                        width + " px: a bar at " + x + " lies outside the axis " + u.get("min") + ".." + u.get("max"));
                highest = Math.max(highest, top.get(i).doubleValue());
                drawn++;
            }
        }
        assertTrue(drawn > 0, width + " px: no bar");
        assertTrue(((Number) u.get("ymax")).doubleValue() >= highest, width + " px: the y axis (to " + u.get("ymax")
                + ") does not reach the highest stack, " + highest);
    }

    /** Appends {@value #SECONDS} seconds of 50 lines each (stamped with their second) and one malformed line. */
    private static Map<String, Long> write(Path access) throws Exception {
        Map<String, Long> written = new LinkedHashMap<>();
        for (String k : List.of("hits", "2xx", "3xx", "4xx", "5xx", "malformed")) {
            written.put(k, 0L);
        }
        try (Writer w = Files.newBufferedWriter(access, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            for (int s = 0; s < SECONDS; s++) {
                long second = System.currentTimeMillis() / 1000 * 1000;
                Instant t = Instant.ofEpochMilli(second);
                for (Map.Entry<Integer, Integer> e : PER_SECOND.entrySet()) {
                    for (int i = 0; i < e.getValue(); i++) {
                        w.write("10.0.0." + (i % 7) + " - - [" + CLF.format(t) + "] \"GET /api/item/" + i + " HTTP/1.1\" "
                                + e.getKey() + " 512 \"-\" \"page-test\"\n");
                        written.merge("hits", 1L, Long::sum);
                        written.merge(e.getKey() / 100 + "xx", 1L, Long::sum);
                    }
                }
                if (s == 1) {
                    w.write("this is not an access log line\n");
                    written.merge("malformed", 1L, Long::sum);
                }
                w.flush();
                Thread.sleep(Math.max(0, second + 1000 - System.currentTimeMillis())); // the next second
            }
        }
        return written;
    }

    /** The log in /api/logs once it holds {@code hits} and its high-traffic alert fires. */
    private static JsonNode awaitLog(String base, long hits) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/logs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode log = JSON.readTree(r.body()).at("/logs/0");
            if (sums(log.get("series")).get("hits") == hits && log.get("alerts_firing").size() == 1) {
                return log;
            }
            assertTrue(System.nanoTime() < until, "the log's intervals and alert did not arrive: " + r.body());
            Thread.sleep(200);
        }
    }

    /** The series' hits by class, and malformed lines, summed. */
    private static Map<String, Long> sums(JsonNode series) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : List.of("hits", "2xx", "3xx", "4xx", "5xx", "malformed")) {
            long sum = 0;
            for (JsonNode v : series.get(k)) {
                sum += v.asLong();
            }
            out.put(k, sum);
        }
        return out;
    }

    /** Waits until the page's card shows {@code hits} requests and its chart is drawn. */
    private static void awaitCard(long hits) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!Boolean.TRUE.equals(browser.script("var t = document.querySelector('section.log [data-log-total=hits]');"
                + "var c = window.TcpSwarmStatus && window.TcpSwarmStatus.logCharts[arguments[1]];"
                + "var p = window.TcpSwarmStatus && window.TcpSwarmStatus.logPlots[arguments[1]];"
                + "return !!t && t.textContent === arguments[0] && !!c && !!p && document.body.contains(p.root)"
                + " && Math.abs(c.to - c.from - window.TcpSwarmStatus.rangeSeconds) <= 1;",
                String.valueOf(hits), NAME))) {
            assertTrue(System.nanoTime() < until, "the page did not show the log's card: "
                    + browser.script("return window.TcpSwarmStatus ? window.TcpSwarmStatus.error : null;"));
            Thread.sleep(100);
        }
    }

    private static void acceptAndClose(ServerSocket listener) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoLinger(false, 0);
            } catch (IOException closed) {
                return;
            }
        }
    }
}
