package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.metrics.MetricsEndpoint;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.Results;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.store.StoreExtension;
import dev.tcpswarm.store.StoreSection;
import dev.tcpswarm.store.StoreWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page looked at as a person would: three hours of monitoring (the monitor's real
 * pipeline logic with the manual clock, the real store and the real HTTP server) opened in headless
 * Chromium. No console error and no dialog; every chart's canvas drawn in its series' colours;
 * every figure on the page equal to the JSON API's, the charts' data equal to the history API's; a
 * service named {@code <script>alert(1)</script>} (and one with an image that would run script)
 * shown as text with nothing run; the page takes a new state without being reloaded; nothing is
 * loaded from anywhere but the monitor; the API is read-only. A screenshot is saved under
 * target/screenshots/.
 */
@Timeout(120)
class StatusPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT_NAME = ServedMonitor.SCRIPT_NAME;
    private static final String IMG_NAME = ServedMonitor.IMG_NAME;
    private static final long COLOURED = 200;

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
    void thePageShowsWhatTheApiSaysDrawsEveryChartAndRunsNoInjectedScript() throws Exception {
        Random random = new Random(7);
        try (ServedMonitor s = new ServedMonitor(dir.resolve("status.db"))) {
            s.minutes(90, 1500, random);      // db quick
            s.minutes(20, 250_000, random);   // db slow: DEGRADED
            s.minutes(10, -1, random);        // db timing out: DOWN
            s.minutes(60, 1500, random);      // db back UP
            s.flush();
            JsonNode services = s.get("api/services");
            assertEquals(List.of("web", "db", SCRIPT_NAME, IMG_NAME), names(services.get("services")));
            assertEquals("up", services.at("/services/1/state").asText());
            assertEquals(1.0 - 60.0 / (180 * 6), services.at("/services/1/uptime/24h").asDouble(), 1e-12,
                    "db: 60 failed probes of 1080");

            browser.open(URI.create(s.base()));
            awaitRefreshes(1);
            browser.assertNoErrors();
            browser.screenshot("status-page");

            List<String> captions = new ArrayList<>(List.of("State timeline: backend"));
            for (String name : List.of("web", "db", SCRIPT_NAME, IMG_NAME)) {
                captions.add("Connect time and failures per minute: " + name); // the script-named one: failures only
                captions.add("State timeline: " + name);
            }
            browser.assertChartsDrawn(captions, COLOURED);

            browser.assertFiguresEqual(services, List.of("/time", "/groups/0/name", "/groups/0/state", "/groups/0/since",
                    "/services/0/name", "/services/1/state", "/services/1/since", "/services/1/reason",
                    "/services/1/uptime/24h", "/services/1/uptime/7d", "/services/1/uptime/30d",
                    "/services/1/probes/24h", "/services/2/name", "/services/3/name", "/services/0/last_probe/connect_ms"));

            // the charts hold the history API's minutes, and the page read the same history
            assertChartsShowTheHistory(s, 180);
            JsonNode dbStates = s.get("api/services/db/history");
            assertEquals(List.of("unknown>up", "up>degraded", "degraded>down", "down>up"), transitions(dbStates));

            // names are text: shown to the letter, nothing made of them, nothing run
            @SuppressWarnings("unchecked")
            List<String> headings = (List<String>) browser.script(
                    "return Array.from(document.querySelectorAll('section.service h3')).map(h => h.textContent);");
            assertEquals(List.of("web", "db", SCRIPT_NAME, IMG_NAME), headings);
            assertEquals(0L, browser.script("return document.querySelectorAll('main script, main img').length;"));

            // nothing from anywhere but the monitor itself (no CDN): works with no internet
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) browser.script(
                    "return performance.getEntriesByType('resource').map(e => e.name);");
            assertTrue(loaded.stream().anyMatch(u -> u.endsWith("/uplot/uPlot.iife.min.js")), loaded.toString());
            for (String url : loaded) {
                assertTrue(url.startsWith(s.base()), "loaded from elsewhere: " + url);
            }

            // a new state appears without the page being reloaded
            browser.script("window.__stillThisPage = 42;");
            long before = ((Number) browser.script("return window.TcpSwarmStatus.refreshes;")).longValue();
            s.minutes(1, -1, random);
            s.flush();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!"down".equals(browser.script(
                    "return document.querySelectorAll('section.service .badge')[1].textContent;"))) {
                assertTrue(System.nanoTime() < until, "the page did not show db DOWN within 15 s");
                Thread.sleep(200);
            }
            assertEquals(42L, browser.script("return window.__stillThisPage;"), "not reloaded");
            // the refresh that drew the badge is counted once the histories it reads have come too
            awaitRefreshes(before + 1);
            awaitRefreshes(((Number) browser.script("return window.TcpSwarmStatus.refreshes;")).longValue() + 1);
            browser.assertFiguresEqual(s.get("api/services"), List.of("/services/1/state", "/services/1/since"));
            // refreshed by the minutes that came since (at once for db, whose state changed; every 30 s for
            // the others), the page's history is still the API's for its range
            assertChartsShowTheHistory(s, -1);
            assertEquals(181, JSON.readTree((String) browser.script("return JSON.stringify(window.TcpSwarmStatus.histories.db);"))
                    .at("/minutes/time").size(), "db's history read again at once: its state changed");
            assertEquals(List.of("unknown>up", "up>degraded", "degraded>down", "down>up", "up>down"), transitions(
                    JSON.readTree((String) browser.script("return JSON.stringify(window.TcpSwarmStatus.histories.db);"))));
            browser.assertNoErrors();
            browser.screenshot("status-page-db-down");
        }
    }

    @Test
    void theApiIsReadOnlyAndAnswersBadRequestsWithOneLine() throws Exception {
        try (ServedMonitor s = new ServedMonitor(dir.resolve("api.db"))) {
            s.minutes(3, 1000, new Random(1));
            s.flush();
            for (String path : List.of("", "api/services", "api/services/web/history", "status.js")) {
                for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                    HttpResponse<String> r = s.send(method, path);
                    assertEquals(405, r.statusCode(), method + " /" + path);
                    assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""), method + " /" + path);
                }
            }
            HttpResponse<String> head = s.send("HEAD", "");
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            HttpResponse<String> page = s.send("GET", "");
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertTrue(page.body().contains("<script src=\"status.js\"></script>"));
            assertEquals(200, s.send("GET", "metrics").statusCode(), "/metrics stays where it is");

            String encoded = URLEncoder.encode(SCRIPT_NAME, StandardCharsets.UTF_8);
            JsonNode h = s.get("api/services/" + encoded + "/history");
            assertEquals(SCRIPT_NAME, h.get("name").asText());
            assertEquals(18, h.at("/minutes/failures").get(0).asInt() + h.at("/minutes/failures").get(1).asInt()
                    + h.at("/minutes/failures").get(2).asInt(), "3 minutes of refused probes every 10 s");
            HttpResponse<String> unknown = s.send("GET", "api/services/nope/history");
            assertEquals(404, unknown.statusCode());
            assertEquals("{\"error\":\"no service or group named 'nope'\"}", unknown.body());
            HttpResponse<String> bad = s.send("GET", "api/services/web/history?from=yesterday");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("from: 'yesterday' is not a time"), bad.body());
            long now = s.clock.epochMillis();
            long day = 86_400_000L;
            for (String endpoint : List.of("api/services/web/history", "api/logs")) {
                HttpResponse<String> backwards = s.send("GET", endpoint + "?from=" + now + "&to=" + (now - 1));
                assertEquals(400, backwards.statusCode(), endpoint);
                assertEquals("{\"error\":\"from must not be after to\"}", backwards.body(), endpoint);
                HttpResponse<String> tooLong = s.send("GET", endpoint + "?from=" + (now - 401 * day) + "&to=" + now);
                assertEquals(400, tooLong.statusCode(), endpoint);
                assertEquals("{\"error\":\"at most 400 days at a time\"}", tooLong.body(), endpoint);
                assertEquals(200, s.send("GET", endpoint + "?from=" + (now - 400 * day) + "&to=" + now).statusCode(),
                        endpoint + ": exactly 400 days is allowed");
                assertEquals(200, s.send("GET", endpoint + "?from=" + now + "&to=" + now).statusCode(),
                        endpoint + ": an empty period is allowed");
            }
            JsonNode window = s.get("api/services/web/history?from=" + (s.clock.epochMillis() - 60_000)
                    + "&to=" + s.clock.epochMillis());
            assertEquals(6, window.at("/minutes/probes").get(0).asInt(), "the last minute: six probes");
            assertEquals(404, s.send("GET", "nothing-here").statusCode());
        }
    }

    @Test
    void theDefaultAddressIsLoopback() throws Exception {
        MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", """
                services: [{name: a, address: "127.0.0.1:1"}]
                metrics: {}
                """);
        assertTrue(config.metricsListen().getAddress().isLoopbackAddress(), config.metricsListen().toString());
    }

    /**
     * Each chart's history on the page equals the API's for the same range, and its p50 line is that
     * history's; each has {@code minutes} points unless that is -1.
     */
    private static void assertChartsShowTheHistory(ServedMonitor s, int minutes) throws Exception {
        for (String name : List.of("web", "db", IMG_NAME)) { // the script-named one never opened: no chart
            JsonNode shown = JSON.readTree((String) browser.script(
                    "return JSON.stringify(window.TcpSwarmStatus.histories[arguments[0]]);", name));
            JsonNode api = s.get("api/services/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/history?from=" + shown.get("from").asText() + "&to=" + shown.get("to").asText());
            assertEquals(api, shown, name + ": the page shows the API's history");
            if (minutes >= 0) {
                assertEquals(minutes, api.at("/minutes/time").size(), name + ": a point per minute");
            }
            @SuppressWarnings("unchecked")
            List<Object> plotted = (List<Object>) browser.script(
                    "return window.TcpSwarmStatus.plots[arguments[0]].data[4];", name);
            List<Double> p50 = new ArrayList<>();
            api.at("/minutes/p50_ms").forEach(v -> p50.add(v.isNull() ? null : v.asDouble()));
            assertEquals(p50, plotted.stream().map(v -> v == null ? null : ((Number) v).doubleValue()).toList(),
                    name + ": p50 plotted (none where every probe failed)");
        }
    }

    private void awaitRefreshes(long n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Object done = browser.script("return window.TcpSwarmStatus ? window.TcpSwarmStatus.refreshes : 0;");
            if (((Number) done).longValue() >= n) {
                return;
            }
            Object error = browser.script("return window.TcpSwarmStatus ? window.TcpSwarmStatus.error : null;");
            assertTrue(System.nanoTime() < until, "the page did not load its data; its error: " + error);
            Thread.sleep(100);
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    private static List<String> transitions(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.get("states").forEach(st -> out.add(st.get("from").asText() + ">" + st.get("to").asText()));
        return out;
    }
}
