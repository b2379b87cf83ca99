package dev.tcpswarm.established;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.metrics.MetricsEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's series as Prometheus scrapes them over HTTP: names, labels, types (no
 * {@code _total} on a gauge), {@code --simple}, what a failed scan leaves, and promtool's verdict.
 * Counts come from a real scan of the captured tables on a driven clock.
 */
class EstablishedMetricsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private long now = 50 * SECOND;

    private EstablishedSnapshot capturedScanAfter(long trackedNanos) throws Exception {
        Files.write(dir.resolve("tcp"), ProcNetTcpTest.fixture("tcp-little-endian"));
        Files.write(dir.resolve("tcp6"), ProcNetTcpTest.fixture("tcp6-little-endian"));
        EstablishedScanner scanner = new EstablishedScanner(ProcNetSource.directory(dir, ByteOrder.LITTLE_ENDIAN),
                new ScanSettings(Set.of(), true, -1, 6 * SECOND), () -> now);
        scanner.scan();
        now += trackedNanos;
        return scanner.scan();
    }

    private static String scrape(EstablishedMetrics metrics) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry, null)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            return r.body();
        }
    }

    private static List<String> samples(String scrape) {
        return scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    @Test
    void theOriginalsMetricKeepsAZeroSeriesForAPortWhoseConnectionsClosed() throws Exception {
        LongtermConnections longterm = new LongtermConnections();
        longterm.published(new EstablishedSnapshot(List.of(new PortCount(5432, Family.IPV4, 3, 2, SECOND),
                new PortCount(5432, Family.IPV6, 1, 1, SECOND), new PortCount(3838, Family.IPV4, 4, 4, SECOND)),
                0, 7 * SECOND, 6 * SECOND, 8));
        longterm.published(new EstablishedSnapshot(List.of(new PortCount(3838, Family.IPV4, 1, 0, SECOND)),
                0, 8 * SECOND, 6 * SECOND, 1));
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(longterm);
        String scrape;
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry, null)) {
            scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertEquals(List.of("netstat_tcp_longterm_connections_total{port=\"3838\",tcp_version=\"4\"} 0.0",
                "netstat_tcp_longterm_connections_total{port=\"5432\",tcp_version=\"4\"} 0.0",
                "netstat_tcp_longterm_connections_total{port=\"5432\",tcp_version=\"6\"} 0.0"),
                samples(scrape).stream().filter(l -> l.startsWith("netstat_")).sorted().toList(), scrape);
        assertTrue(scrape.contains("# TYPE netstat_tcp_longterm_connections_total gauge\n"), scrape);
    }

    @Test
    void perPortAndFamilySeries() throws Exception {
        EstablishedMetrics metrics = new EstablishedMetrics(false, 6 * SECOND);
        metrics.published(capturedScanAfter(7 * SECOND));
        String scrape = scrape(metrics);
        assertEquals(List.of(
                "tcpswarm_established_connections{family=\"ipv4\",port=\"9000\"} 2.0",
                "tcpswarm_established_connections{family=\"ipv4\",port=\"9001\"} 2.0",
                "tcpswarm_established_connections{family=\"ipv6\",port=\"9001\"} 2.0",
                "tcpswarm_established_long_lived_connections{family=\"ipv4\",port=\"9000\"} 2.0",
                "tcpswarm_established_long_lived_connections{family=\"ipv4\",port=\"9001\"} 2.0",
                "tcpswarm_established_long_lived_connections{family=\"ipv6\",port=\"9001\"} 2.0",
                "tcpswarm_established_min_age_seconds 6.0",
                "tcpswarm_established_oldest_age_seconds{port=\"9000\"} 7.0",
                "tcpswarm_established_oldest_age_seconds{port=\"9001\"} 7.0",
                "tcpswarm_established_scan_duration_seconds 0.0",
                "tcpswarm_established_scan_errors_total 0.0",
                "tcpswarm_established_scans_total 1.0",
                "tcpswarm_established_tracking_seconds 7.0"), samples(scrape).stream().sorted().toList());
        for (String gauge : List.of("connections", "long_lived_connections", "oldest_age_seconds",
                "scan_duration_seconds", "tracking_seconds", "min_age_seconds")) {
            assertTrue(scrape.contains("# TYPE tcpswarm_established_" + gauge + " gauge\n"), gauge + " in\n" + scrape);
        }
        assertTrue(scrape.contains("# TYPE tcpswarm_established_scans_total counter\n"), scrape);
        Promtool.checkMetrics(scrape);
    }

    @Test
    void simpleIsOneUnlabelledLongLivedGauge() throws Exception {
        EstablishedMetrics metrics = new EstablishedMetrics(true, 6 * SECOND);
        metrics.published(capturedScanAfter(7 * SECOND));
        String scrape = scrape(metrics);
        List<String> samples = samples(scrape);
        assertTrue(samples.contains("tcpswarm_established_long_lived_connections 6.0"), scrape);
        assertFalse(scrape.contains("{"), "no labels at all:\n" + scrape);
        assertFalse(scrape.contains("tcpswarm_established_connections"), scrape);
        assertFalse(scrape.contains("oldest_age"), scrape);
        Promtool.checkMetrics(scrape);
    }

    @Test
    void afterAFailedScanNoStaleCountsButTheErrorIsCounted() throws Exception {
        EstablishedMetrics metrics = new EstablishedMetrics(false, 6 * SECOND);
        metrics.published(capturedScanAfter(SECOND));
        metrics.scanFailed();
        String scrape = scrape(metrics);
        assertFalse(scrape.contains("tcpswarm_established_connections{"), scrape);
        assertTrue(samples(scrape).contains("tcpswarm_established_scan_errors_total 1.0"), scrape);
        assertTrue(samples(scrape).contains("tcpswarm_established_scans_total 2.0"), scrape);
        metrics.published(capturedScanAfter(SECOND));
        assertTrue(scrape(metrics).contains("tcpswarm_established_connections{family=\"ipv4\",port=\"9000\"} 2.0"));
    }
}
