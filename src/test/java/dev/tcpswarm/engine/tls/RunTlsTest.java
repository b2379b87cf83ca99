package dev.tcpswarm.engine.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.cli.TcpSwarm;
import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --tls} end to end against openssl s_server with certificates made by the test: the
 * handshakes counted apart from the connects, their latency, the session and certificate in the
 * report and the JSON, and each failure under its own reason, counted as a TCP connect that then
 * failed at TLS (an error, exit code 2).
 */
class RunTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.in(dir.resolve("pki"));
    }

    record Outcome(int exit, String out, String err, JsonNode json) {
    }

    private static Outcome run(int port, String... extra) throws Exception {
        Path json = dir.resolve("result-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("run", "localhost:" + port, "-s", "0", "-y",
                "--json", json.toString(), "--tls"));
        args.addAll(List.of(extra));
        if (!args.contains("-c")) {
            args.addAll(List.of("-c", "20"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TcpSwarm.execute(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(new String[0]));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                JSON.readTree(json.toFile()));
    }

    private static Outcome run(ServerCertificate cert, String... extra) throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, cert)) {
            return run(server.port(), extra);
        }
    }

    /** nginx with ssl (s_server serves one connection at a time), 300 handshakes held at once. */
    @Test
    void handshakesAreCountedTimedAndDescribed() throws Exception {
        ServerCertificate expiring = certs.expiringIn(Duration.ofDays(5));
        Outcome o;
        try (NginxTls nginx = NginxTls.start(dir, expiring, 1, false)) {
            o = run(nginx.port(), "-c", "300", "--dial-timeout", "60s", "--ca", certs.ca().toString(), "--threshold", "tls_p(99)<60s",
                    "--threshold", "tls_min>0us", "--threshold", "errors_tls==0");
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode tls = o.json().get("tls");
        assertEquals(300, tls.get("handshakes_completed").asLong(), tls.toString());
        assertEquals(0, tls.get("handshakes_failed").asLong());
        assertEquals(300, tls.at("/handshake_latency_ms/count").asLong());
        assertEquals(300, o.json().at("/connect_latency_ms/count").asLong(), "the TCP connects, timed apart");
        assertEquals(300, o.json().get("established_total").asLong());
        assertEquals("TLSv1.3", tls.get("protocol").asText());
        assertTrue(TlsProvider.OPENSSL.isAvailable(), "netty-tcnative's BoringSSL loads on this machine");
        assertEquals("openssl", tls.get("provider").asText(), "a load run's default where BoringSSL loads");
        assertEquals(TestCertificates.notAfter(expiring.cert()).toString(), tls.at("/certificate/not_after").asText());
        long daysLeft = tls.at("/certificate/days_left").asLong();
        assertTrue(daysLeft == 4 || daysLeft == 5, "whole days left: " + daysLeft);
        assertTrue(o.out().contains("TLS handshakes: 300 completed, 0 failed"), o.out());
        assertTrue(o.out().contains("TLS handshake latency: min/avg/max/dev = "), o.out());
        assertTrue(o.out().contains("TLS session: TLSv1.3, TLS_"), o.out());
        assertTrue(o.out().contains("Server certificate: CN=localhost"), o.out());
        for (JsonNode t : o.json().get("thresholds")) {
            assertTrue(t.get("passed").asBoolean(), t.toString());
        }
        assertEquals(tls.at("/handshake_latency_ms/p99").asDouble(), o.json().at("/thresholds/0/measured").asDouble() / 1000,
                0.001, "tls_p(99) is the handshake's p99");

        try (OpensslServer server = OpensslServer.start(dir, certs.expired())) {
            Outcome failed = run(server.port(), "--ca", certs.ca().toString(), "--threshold", "errors_tls<1",
                    "--threshold", "errors_tls_expired<=20");
            assertEquals(3, failed.exit(), "errors_tls<1 fails: " + failed.out());
            assertEquals(20, failed.json().at("/thresholds/0/measured").asLong());
            assertTrue(failed.json().at("/thresholds/1/passed").asBoolean());
        }
    }

    @Test
    void eachFailureIsAnErrorUnderItsTlsReason() throws Exception {
        String ca = certs.ca().toString();
        assertFailed(run(certs.expired(), "--ca", ca), "tls_expired", "tls: certificate expired 20");
        assertFailed(run(certs.notYetValid(), "--ca", ca), "tls_not_yet_valid", "tls: certificate not yet valid 20");
        assertFailed(run(certs.wrongHost(), "--ca", ca), "tls_hostname_mismatch", "tls: hostname mismatch 20");
        assertFailed(run(certs.selfSigned(), "--ca", ca), "tls_unknown_authority",
                "tls: unknown certificate authority 20");
        assertFailed(run(certs.valid()), "tls_unknown_authority", "tls: unknown certificate authority 20");
        assertEquals(0, run(certs.selfSigned(), "--insecure", "-c", "1").exit(), "--insecure verifies nothing");
        try (SilentServer silent = SilentServer.start(SilentServer.Mode.NEVER_ANSWER)) {
            assertFailed(run(silent.port(), "--insecure", "--dial-timeout", "300ms"), "tls_timeout",
                    "tls: handshake timeout 20");
        }
        try (SilentServer closing = SilentServer.start(SilentServer.Mode.CLOSE_AFTER_HELLO)) {
            assertFailed(run(closing.port(), "--insecure"), "tls_closed", "tls: closed during the handshake 20");
        }
    }

    private static void assertFailed(Outcome o, String reason, String reportWords) {
        assertEquals(2, o.exit(), o.out() + o.err());
        JsonNode j = o.json();
        assertEquals(20, j.at("/errors_by_reason/" + reason).asLong(), j.get("errors_by_reason").toString());
        assertEquals(20, j.at("/counts/error").asLong());
        assertEquals(0, j.get("established_total").asLong());
        assertEquals(20, j.at("/tls/handshakes_failed").asLong());
        assertEquals(20, j.at("/connect_latency_ms/count").asLong(), "the TCP connect succeeded, then TLS failed");
        assertTrue(o.out().contains("Errors by reason: " + reportWords), o.out());
    }
}
