package dev.tcpswarm.engine.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.ProbeRequest;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor probe's TLS phase on the engine, against openssl s_server with certificates made by the
 * test: the handshake's latency apart from the connect's, the protocol, cipher and certificate of a
 * good one, and each failure's own reason, distinct from the TCP ones; the probe still closes with
 * its FIN after a good handshake.
 */
class ProbeTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static EventLoopGroup group;
    static ExecutorService resolver;
    static ProbeDialer dialer;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.in(dir.resolve("pki"));
        Transport transport = Transport.detect();
        group = transport.newEventLoopGroup(1, "probe-tls-test");
        resolver = Executors.newSingleThreadExecutor();
        dialer = new ProbeDialer(transport, resolver);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
        resolver.shutdownNow();
    }

    private static ProbeReading probe(String host, int port, TlsSettings tls) throws Exception {
        CompletableFuture<ProbeReading> done = new CompletableFuture<>();
        dialer.probe(group.next(), new ProbeRequest(host, port, ProbeFamily.AUTO, 2000, 1, Optional.of(tls)),
                done::complete);
        return done.get(10, TimeUnit.SECONDS);
    }

    private static ProbeReading probe(ServerCertificate cert, String host, TlsSettings tls) throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, cert)) {
            return probe(host, server.port(), tls);
        }
    }

    private static TlsSettings trustingTestCa() {
        return TlsSettings.verified().withCaFile(certs.ca());
    }

    @Test
    void aGoodHandshakeIsOpenWithItsOwnLatencyAndTheCertificate() throws Exception {
        ServerCertificate valid = certs.expiringIn(Duration.ofDays(5));
        ProbeReading r = probe(valid, "localhost", trustingTestCa());
        assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
        TlsHandshakeReading tls = r.tls().orElseThrow();
        assertTrue(tls.completed(), tls.toString());
        assertTrue(tls.nanos() > 0 && r.connectNanos() > 0, r.toString());
        assertEquals("TLSv1.3", tls.protocol());
        assertTrue(tls.cipher().startsWith("TLS_"), tls.cipher());
        CertificateFacts facts = tls.certificate().orElseThrow();
        assertEquals(TestCertificates.notAfter(valid.cert()), facts.notAfter());
        assertTrue(facts.subject().contains("CN=localhost"), facts.subject());
    }

    @Test
    void eachFailureHasItsTlsReason() throws Exception {
        assertReason(ProbeOutcome.TLS_EXPIRED, probe(certs.expired(), "localhost", trustingTestCa()));
        assertReason(ProbeOutcome.TLS_NOT_YET_VALID, probe(certs.notYetValid(), "localhost", trustingTestCa()));
        assertReason(ProbeOutcome.TLS_HOSTNAME_MISMATCH, probe(certs.wrongHost(), "localhost", trustingTestCa()));
        assertReason(ProbeOutcome.TLS_UNKNOWN_AUTHORITY, probe(certs.selfSigned(), "localhost", trustingTestCa()));
        assertReason(ProbeOutcome.TLS_UNKNOWN_AUTHORITY, probe(certs.valid(), "localhost", TlsSettings.verified()));
        assertEquals(ProbeOutcome.OPEN, probe(certs.selfSigned(), "localhost", TlsSettings.insecure()).outcome(),
                "--insecure verifies nothing");
    }

    @Test
    void aServerThatNeverAnswersTheHelloTimesOutAtTheHandshakesTimeout() throws Exception {
        try (SilentServer silent = SilentServer.start(SilentServer.Mode.NEVER_ANSWER)) {
            long t0 = System.nanoTime();
            ProbeReading r = probe("127.0.0.1", silent.port(), TlsSettings.insecure().withHandshakeTimeoutMillis(300));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertReason(ProbeOutcome.TLS_TIMEOUT, r);
            assertTrue(took >= 290 && took < 3000, "the handshake's own timeout: " + took + " ms");
        }
        try (SilentServer closing = SilentServer.start(SilentServer.Mode.CLOSE_AFTER_HELLO)) {
            assertReason(ProbeOutcome.TLS_CLOSED, probe("127.0.0.1", closing.port(), TlsSettings.insecure()));
        }
    }

    private static void assertReason(ProbeOutcome expected, ProbeReading r) {
        assertEquals(expected, r.outcome(), r.toString());
        assertTrue(r.connectNanos() > 0, "the TCP connect succeeded and is timed: " + r);
        TlsHandshakeReading tls = r.tls().orElseThrow();
        assertEquals(expected.key(), tls.failure().orElseThrow().key(), tls.toString());
    }
}
