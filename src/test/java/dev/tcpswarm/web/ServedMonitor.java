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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A monitor's pipeline with the store and the status page, serving on a free loopback port: the
 * monitor's real pipeline logic driven by a manual clock (so hours of probes take a second), the
 * real store and the real HTTP server. Services web, db, one named {@code <script>alert(1)</script>}
 * and one named {@code <img src=x onerror=alert(2)>}; group backend of web and db. The test's thread.
 */
final class ServedMonitor implements AutoCloseable {
    static final String SCRIPT_NAME = "<script>alert(1)</script>";
    static final String IMG_NAME = "<img src=x onerror=alert(2)>";
    private static final ObjectMapper JSON = new ObjectMapper();
    final ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 11, 0, 0), ZoneId.of("Europe/Paris"));
    final MonitorCore core;
    final StoreWriter writer;
    final MetricsEndpoint endpoint;
    final MonitorExtension.Attachment store;
    final MonitorExtension.Attachment pages;
    final HttpClient http = HttpClient.newHttpClient();

    ServedMonitor(Path db) throws Exception {
        this(db, "");
    }

    /** With more services: YAML list items ({@code  - {name: ..., address: ...}}, a line each). */
    ServedMonitor(Path db, String moreServices) throws Exception {
        MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("status.yaml", """
                services:
                  - {name: web, address: "127.0.0.1:1001"}
                  - {name: db, address: "127.0.0.1:1002"}
                  - {name: "%s", address: "127.0.0.1:1003"}
                  - {name: "%s", address: "127.0.0.1:1004"}
                %s
                groups:
                  - {name: backend, members: [web, db]}
                evaluation:
                  window: 5m
                  degraded: {latency: {percentile: 95, above: 200ms}}
                metrics: {listen: "127.0.0.1:0"}
                store: {path: "%s"}
                """.formatted(SCRIPT_NAME, IMG_NAME, moreServices, db));
        MonitorExtension.Context context = new MonitorExtension.Context(config, clock, null, System.err);
        store = new StoreExtension().attach(context);
        pages = new StatusPageExtension().attach(context);
        writer = (StoreWriter) store.sinks().get(0);
        Listeners sinks = new Listeners(System.err).add(writer);
        pages.sinks().forEach(sinks::add);
        core = new MonitorCore(config, clock, sinks);
        core.start();
        endpoint = MetricsEndpoint.start(config.metricsListen(), new PrometheusRegistry(), pages.pages());
    }

    String base() {
        return "http://127.0.0.1:" + endpoint.port() + "/";
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).method(method,
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(r.body());
    }

    ProbeResult open(String service, long micros) {
        return Results.openMicros(service, clock, micros);
    }

    ProbeResult failed(String service, ProbeOutcome outcome) {
        return Results.failed(service, clock, outcome);
    }

    /** {@code minutes} of probes every 10 s: web quick, db by {@code dbMicros} (negative: timing out). */
    void minutes(int minutes, long dbMicros, Random random) {
        for (int i = 0; i < minutes * 6; i++) {
            core.onResult(open("web", 300 + random.nextInt(400)));
            core.onResult(dbMicros < 0 ? failed("db", ProbeOutcome.TIMEOUT)
                    : open("db", dbMicros + random.nextInt((int) Math.max(1, dbMicros / 5))));
            core.onResult(failed(SCRIPT_NAME, ProbeOutcome.REFUSED));
            core.onResult(open(IMG_NAME, 5000 + random.nextInt(1000)));
            clock.advance(10, TimeUnit.SECONDS);
            core.tick();
        }
    }

    void flush() throws InterruptedException {
        assertTrue(writer.flush(10_000), "the store's writer caught up");
    }

    @Override
    public void close() {
        endpoint.close();
        core.finish();
        pages.close();
        store.close();
    }
}
