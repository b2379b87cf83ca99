package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.metrics.MetricsEndpoint;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's metrics scraped over HTTP from the one endpoint, checked by promtool (Debian's
 * prometheus package, installed by .ci/run), and the series of a removed service gone after a reload.
 */
class MonitorMetricsTest {
    private final ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 14, 0), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static final String CONFIG = """
            services:
              - {name: api, address: "api.internal:8080"}
              - {name: db, address: "10.1.2.3:5432"}
            groups:
              - {name: backend, members: [api, db], policy: any}
            alerts:
              - {name: db-down, target: db, when: down, channels: [log]}
            """;

    private static String scrape(MetricsEndpoint endpoint) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private String promtool(String text) throws Exception {
        Path file = dir.resolve("scrape.txt");
        Files.writeString(file, text);
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI needs promtool (.ci/run installs Debian's prometheus): " + e, e);
            }
            Assumptions.abort("promtool not installed here (apt-get install prometheus): " + e);
            return "";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out + "\n" + text);
        return out;
    }

    @Test
    void scrapedOverHttpValidForPromtoolAndRemovedServicesLeave() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", CONFIG);
        Listeners sinks = new Listeners(System.err).add(new MonitorMetrics(registry));
        MonitorCore core = new MonitorCore(config, clock, sinks);
        core.start();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry, null)) {
            for (int i = 0; i < 3; i++) {
                core.onResult(new ProbeResult("api", clock.nanoTime(), clock.nanoTime() + 200_000, clock.epochMillis(),
                        ProbeOutcome.OPEN, 2_000_000, 300_000, "10.0.0.1:8080", 1, ""));
                core.onResult(Results.failed("db", clock, ProbeOutcome.REFUSED));
                clock.advance(2, TimeUnit.SECONDS);
                core.tick();
            }
            String text = scrape(endpoint);
            promtool(text);
            assertTrue(text.contains("tcpswarm_monitor_probes_total{result=\"open\",service=\"api\"} 3.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_probes_total{result=\"refused\",service=\"db\"} 3.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_connect_duration_seconds_bucket{service=\"api\",le=\"0.0025\"} 3"), text);
            assertTrue(text.contains("tcpswarm_monitor_dns_duration_seconds_count{service=\"api\"} 3"), text);
            assertFalse(text.contains("tcpswarm_monitor_dns_duration_seconds_count{service=\"db\"}"), "an address has no lookup");
            assertTrue(text.contains("tcpswarm_monitor_probe_success{service=\"db\"} 0.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_service_state{service=\"db\",state=\"down\"} 1.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_service_state{service=\"db\",state=\"up\"} 0.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_group_state{group=\"backend\",state=\"up\"} 1.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_alert_firing{alert=\"db-down\"} 1.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_probe_start_lag_seconds_count 6"), text);
            for (String line : text.lines().filter(l -> !l.startsWith("#")).toList()) {
                assertFalse(line.contains("address") || line.contains("10.1.2.3") || line.contains("10.0.0.1"),
                        "no address labels: " + line);
                String name = line.split("[{ ]")[0];
                if (name.endsWith("_total")) {
                    assertTrue(text.contains("# TYPE " + name + " counter"), "_total only on counters: " + name);
                }
            }

            core.reload(new ConfigReader(List.of()).read("m.yaml", """
                    services:
                      - {name: api, address: "api.internal:8080"}
                    """));
            String after = scrape(endpoint);
            promtool(after);
            assertFalse(after.contains("service=\"db\""), "the removed service's series are gone:\n" + after);
            assertFalse(after.contains("group=\"backend\""), after);
            assertFalse(after.contains("alert=\"db-down\""), after);
            assertTrue(after.contains("tcpswarm_monitor_probes_total{result=\"open\",service=\"api\"} 3.0"), "kept: " + after);
        }
    }

    /**
     * Every known result's counter exists at 0 before the first probe (so {@code rate()} and alerts
     * on it work from the first scrape), and LAN connect times spread over buckets down to 50 us.
     */
    @Test
    void resultSeriesStartAtZeroAndConnectBucketsGoDownTo50Microseconds() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", CONFIG);
        MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(new MonitorMetrics(registry)));
        core.start();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry, null)) {
            String before = scrape(endpoint);
            for (String service : List.of("api", "db")) {
                for (ProbeOutcome o : ProbeOutcome.values()) {
                    assertTrue(before.contains("tcpswarm_monitor_probes_total{result=\"" + o.key() + "\",service=\""
                            + service + "\"} 0.0"), o + " of " + service + " before any probe:\n" + before);
                }
            }
            core.onResult(Results.openMicros("api", clock, 40));
            core.onResult(Results.openMicros("api", clock, 80));
            core.onResult(Results.openMicros("api", clock, 200));
            String text = scrape(endpoint);
            promtool(text);
            assertTrue(text.contains("tcpswarm_monitor_connect_duration_seconds_bucket{service=\"api\",le=\"5.0E-5\"} 1"), text);
            assertTrue(text.contains("tcpswarm_monitor_connect_duration_seconds_bucket{service=\"api\",le=\"1.0E-4\"} 2"), text);
            assertTrue(text.contains("tcpswarm_monitor_connect_duration_seconds_bucket{service=\"api\",le=\"2.5E-4\"} 3"), text);
        }
    }

    /** A service and a group in a maintenance window show it in their state gauges. */
    @Test
    void aMaintenanceWindowIsAState() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", CONFIG + """
                maintenance:
                  - {name: now, targets: [backend], from: 2025-10-08T13:00:00Z, to: 2025-10-08T15:00:00Z}
                """);
        MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(new MonitorMetrics(registry)));
        core.start();
        core.onResult(Results.failed("db", clock, ProbeOutcome.REFUSED));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry, null)) {
            String text = scrape(endpoint);
            promtool(text);
            assertTrue(text.contains("tcpswarm_monitor_service_state{service=\"db\",state=\"maintenance\"} 1.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_service_state{service=\"db\",state=\"down\"} 0.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_group_state{group=\"backend\",state=\"maintenance\"} 1.0"), text);
            assertTrue(text.contains("tcpswarm_monitor_probes_total{result=\"refused\",service=\"db\"} 1.0"), text);
        }
    }
}
