package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.engine.tls.ClientTls;
import dev.tcpswarm.engine.tls.Handshakes;
import dev.tcpswarm.engine.tls.OpensslServer;
import dev.tcpswarm.engine.tls.TestCertificates;
import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import dev.tcpswarm.engine.tls.TlsHandshakeReading;
import dev.tcpswarm.engine.tls.TlsSettings;
import dev.tcpswarm.monitor.config.EvaluationConfig;
import dev.tcpswarm.monitor.config.ServiceTls;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's judgement of TLS probes: a certificate near its end makes the service DEGRADED or
 * DOWN with its date, a failed handshake is a failed probe with its reason, and the metrics carry
 * the handshake's time and the certificate's end. The certificates are made with openssl and shown
 * by {@code openssl s_server}; the handshake is ClientTls's, as the probe does it.
 */
class MonitorTlsTest {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static Handshakes client;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.in(dir.resolve("pki"));
        client = new Handshakes(1);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private final ManualClock clock = new ManualClock(java.time.LocalDateTime.now(ZoneOffset.UTC), ZoneOffset.UTC);

    /** A real handshake with the certificate, as a probe's TLS reading. */
    private static TlsHandshakeReading handshake(ServerCertificate cert, TlsSettings settings) throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, cert)) {
            Handshakes.Result r = client.attempt(ClientTls.build(settings), "localhost", server.port());
            if (!r.completed()) {
                return TlsHandshakeReading.failed(2_000_000, r.failure());
            }
            SSLSession s = r.session().orElseThrow();
            return TlsHandshakeReading.completed(2_000_000, s.getProtocol(), s.getCipherSuite(), "", CertificateFacts.of(s));
        }
    }

    private ProbeResult probe(TlsHandshakeReading tls) {
        ProbeOutcome outcome = tls.completed() ? ProbeOutcome.OPEN
                : java.util.Arrays.stream(ProbeOutcome.values())
                        .filter(o -> o.key().equals(tls.failure().orElseThrow().key())).findFirst().orElseThrow();
        return new ProbeResult("api", clock.nanoTime(), clock.nanoTime(), clock.epochMillis(), outcome, 1_000_000, -1,
                "127.0.0.1:443", 1, tls.detail(), tls);
    }

    private static ServiceTls limits(Duration warning, Duration critical) {
        return new ServiceTls(Optional.empty(), Optional.of(certs.ca()), true, warning.toNanos(), critical.toNanos());
    }

    private static TlsSettings trusting() {
        return TlsSettings.verified().withCaFile(certs.ca());
    }

    @Test
    void aCertificateWithinItsLimitsDegradesThenDownsTheServiceWithItsDate() throws Exception {
        ServerCertificate soon = certs.expiringIn(Duration.ofDays(5));
        TlsHandshakeReading reading = handshake(soon, trusting());
        String day = DAY.format(TestCertificates.notAfter(soon.cert()));

        ServiceHealth warned = new ServiceHealth("api", EvaluationConfig.DEFAULTS,
                limits(Duration.ofDays(14), Duration.ofDays(3)), 0);
        warned.apply(probe(reading));
        assertEquals(ServiceState.DEGRADED, warned.standing().state());
        assertEquals("certificate expires in 5 days (" + day + ")", warned.standing().reason());

        ServiceHealth critical = new ServiceHealth("api", EvaluationConfig.DEFAULTS,
                limits(Duration.ofDays(14), Duration.ofDays(7)), 0);
        critical.apply(probe(reading));
        assertEquals(ServiceState.DOWN, critical.standing().state());
        assertEquals("certificate expires in 5 days (" + day + ")", critical.standing().reason());

        ServiceHealth relaxed = new ServiceHealth("api", EvaluationConfig.DEFAULTS,
                limits(Duration.ofDays(4), Duration.ofDays(1)), 0);
        relaxed.apply(probe(reading));
        assertEquals(ServiceState.UP, relaxed.standing().state());

        // a renewed certificate brings it back
        critical.apply(probe(handshake(certs.valid(), trusting())));
        assertEquals(ServiceState.UP, critical.standing().state());
    }

    @Test
    void aFailedHandshakeIsAFailedProbeWithItsReason() throws Exception {
        EvaluationConfig e = EvaluationConfig.DEFAULTS;
        EvaluationConfig once = new EvaluationConfig(e.windowNanos(), 1, e.degradedPercentile(),
                e.degradedLatencyNanos(), null, 1, null, 1); // as monitor --once judges
        ServiceHealth health = new ServiceHealth("api", once, limits(Duration.ofDays(14), Duration.ofDays(3)), 0);
        ProbeResult expired = probe(handshake(certs.expired(), trusting()));
        assertEquals("tls_expired", expired.outcome().key());
        health.apply(expired);
        assertEquals(ServiceState.DOWN, health.standing().state());
        assertEquals("tls: certificate expired", health.standing().reason());
        ServiceHealth watched = new ServiceHealth("api", e, limits(Duration.ofDays(14), Duration.ofDays(3)), 0);
        for (int i = 0; i < e.downConsecutiveFailures(); i++) {
            watched.apply(expired);
        }
        assertEquals(ServiceState.DOWN, watched.standing().state());
        assertEquals(e.downConsecutiveFailures() + " consecutive TLS failures (certificate expired)",
                watched.standing().reason());
        ProbeResult selfSigned = probe(handshake(certs.selfSigned(), trusting()));
        assertEquals("tls_unknown_authority", selfSigned.outcome().key());
        assertEquals("tls: unknown certificate authority", selfSigned.outcome().description());
        assertNull(selfSigned.certificate());
        assertEquals(-1, selfSigned.tlsNanos());
    }

    @Test
    void theMetricsCarryTheHandshakeTimeAndTheCertificatesEnd() throws Exception {
        ServerCertificate soon = certs.expiringIn(Duration.ofDays(5));
        PrometheusRegistry registry = new PrometheusRegistry();
        MonitorMetrics metrics = new MonitorMetrics(registry);
        TlsMetrics tls = new TlsMetrics(registry);
        ProbeResult ok = probe(handshake(soon, trusting()));
        ProbeResult bad = probe(handshake(certs.wrongHost(), trusting()));
        for (ProbeResult r : new ProbeResult[] {ok, bad}) {
            metrics.probed(r);
            tls.probed(r);
        }
        String text = scrape(registry);
        long notAfter = TestCertificates.notAfter(soon.cert()).getEpochSecond(); // openssl x509 -enddate
        Matcher m = Pattern.compile("(?m)^tcpswarm_monitor_certificate_expiry_timestamp_seconds\\{service=\"api\"} (\\S+)$")
                .matcher(text);
        assertTrue(m.find(), text);
        assertEquals(notAfter, (long) Double.parseDouble(m.group(1)));
        assertTrue(text.contains("tcpswarm_monitor_tls_duration_seconds_count{service=\"api\"} 1\n"), text);
        assertTrue(text.contains("tcpswarm_monitor_tls_duration_seconds_bucket{service=\"api\",le=\"0.0025\"} 1\n"), text);
        assertTrue(text.contains("tcpswarm_monitor_probes_total{result=\"tls_hostname_mismatch\",service=\"api\"} 1.0\n"),
                text);
        assertTrue(text.contains("tcpswarm_monitor_probes_total{result=\"open\",service=\"api\"} 1.0\n"), text);
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
