package dev.tcpswarm.engine.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.tls.Handshakes.Result;
import dev.tcpswarm.engine.tls.SilentServer.Mode;
import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TLS building blocks against real handshakes: certificates made with openssl, served by
 * {@code openssl s_server} (and by servers that never answer, close, or speak plain HTTP), on both
 * providers; each case must come out as its own reason, and a completed one with its certificate's facts.
 */
class ClientTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static Handshakes client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.in(dir.resolve("pki"));
        client = new Handshakes(1);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
    }

    private static ClientTls tls(TlsSettings settings, TlsProvider provider) throws TlsSetupException {
        if (!provider.isAvailable()) {
            throw new AssertionError(provider.unavailableBecause()); // shipped in the jar for Linux x86_64
        }
        return ClientTls.build(settings.withProvider(provider));
    }

    private static TlsSettings trustingTestCa() {
        return TlsSettings.verified().withCaFile(certs.ca());
    }

    private static Result handshake(ServerCertificate cert, TlsSettings settings, TlsProvider provider, String host,
            String... serverArgs) throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, cert, serverArgs)) {
            return client.attempt(tls(settings, provider), host, server.port());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aValidChainCompletesAndItsCertificateIsDescribed(TlsProvider provider) throws Exception {
        ServerCertificate valid = certs.valid();
        for (String host : List.of("localhost", "127.0.0.1")) {
            Result r = handshake(valid, trustingTestCa(), provider, host);
            assertTrue(r.completed(), host + ": " + r.failure());
            SSLSession session = r.session().orElseThrow();
            assertEquals("TLSv1.3", session.getProtocol());
            CertificateFacts facts = CertificateFacts.of(session).orElseThrow();
            assertEquals("CN=localhost", facts.subject());
            assertEquals("CN=tcpswarm test CA,O=tcpswarm tests", facts.issuer());
            assertEquals(TestCertificates.notAfter(valid.cert()), facts.notAfter());
            assertEquals(facts.notAfter(), facts.earliestNotAfter(), "the CA outlives the leaf");
            assertEquals(2, facts.chainLength());
            assertEquals(90, facts.daysLeft(Instant.now()));
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void eachBadCertificateFailsWithItsOwnReason(TlsProvider provider) throws Exception {
        assertEquals(TlsReason.EXPIRED, handshake(certs.expired(), trustingTestCa(), provider, "localhost").reason());
        assertEquals(TlsReason.NOT_YET_VALID,
                handshake(certs.notYetValid(), trustingTestCa(), provider, "localhost").reason());
        assertEquals(TlsReason.HOSTNAME_MISMATCH,
                handshake(certs.wrongHost(), trustingTestCa(), provider, "localhost").reason());
        assertEquals(TlsReason.HOSTNAME_MISMATCH,
                handshake(certs.valid(), trustingTestCa(), provider, "127.0.0.2").reason(), "an IP not in the SANs");
        assertEquals(TlsReason.UNKNOWN_AUTHORITY,
                handshake(certs.selfSigned(), trustingTestCa(), provider, "localhost").reason());
        assertEquals(TlsReason.UNKNOWN_AUTHORITY,
                handshake(certs.valid(), TlsSettings.verified(), provider, "localhost").reason(),
                "the test CA is not in the JDK's trust store");
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void theNameGivenIsSentAndChecked(TlsProvider provider) throws Exception {
        Result r = handshake(certs.wrongHost(), trustingTestCa().withServerName("wrong.example"), provider,
                "127.0.0.1");
        assertTrue(r.completed(), String.valueOf(r.failure()));
        assertEquals(TlsReason.HOSTNAME_MISMATCH,
                handshake(certs.valid(), trustingTestCa().withServerName("other.example"), provider, "localhost")
                        .reason());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void insecureTrustsAnything(TlsProvider provider) throws Exception {
        for (ServerCertificate bad : List.of(certs.selfSigned(), certs.expired(), certs.wrongHost())) {
            Result r = handshake(bad, TlsSettings.insecure(), provider, "localhost");
            assertTrue(r.completed(), bad.name() + ": " + r.failure());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void anExpiringCertificateCountsItsDaysAndTheEarliestInTheChainIsKept(TlsProvider provider) throws Exception {
        ServerCertificate soon = certs.expiringIn(Duration.ofDays(5));
        CertificateFacts facts = CertificateFacts.of(
                handshake(soon, trustingTestCa(), provider, "localhost").session().orElseThrow()).orElseThrow();
        assertEquals(5, facts.daysLeft(Instant.now()));
        assertEquals(TestCertificates.notAfter(soon.cert()), facts.earliestNotAfter());

        // a leaf that outlives its CA: the CA's not-after is the chain's earliest
        ServerCertificate longLived = certs.signed("outlives-ca", "localhost", "DNS:localhost",
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(20 * 366, ChronoUnit.DAYS));
        CertificateFacts chain = CertificateFacts.of(
                handshake(longLived, trustingTestCa(), provider, "localhost").session().orElseThrow()).orElseThrow();
        assertEquals(TestCertificates.notAfter(certs.ca()), chain.earliestNotAfter());
        assertEquals(TestCertificates.notAfter(longLived.cert()), chain.notAfter());
        assertTrue(chain.earliestNotAfter().isBefore(chain.notAfter()));
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void versionsAreOfferedAsAskedAndARefusedOneIsSaid(TlsProvider provider) throws Exception {
        Result tls12 = handshake(certs.valid(), trustingTestCa().withVersions(Set.of(TlsVersion.TLS_1_2)), provider,
                "localhost");
        assertEquals("TLSv1.2", tls12.session().orElseThrow().getProtocol());
        assertEquals(TlsReason.REFUSED, handshake(certs.valid(),
                trustingTestCa().withVersions(Set.of(TlsVersion.TLS_1_3)), provider, "localhost", "-tls1_2").reason());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aClientCertificateIsShownWhenAskedFor(TlsProvider provider) throws Exception {
        ServerCertificate me = certs.client();
        String[] mutual = {"-Verify", "1", "-CAfile", certs.ca().toString()};
        // TLS 1.2: the server refuses before its Finished, so the handshake fails (in 1.3 the client's
        // handshake is over before the server judges its certificate). OpenSSL refuses a missing
        // certificate with handshake_failure, which says no more than a refused cipher would.
        TlsSettings tls12 = trustingTestCa().withVersions(Set.of(TlsVersion.TLS_1_2));
        assertEquals(TlsReason.REFUSED, handshake(certs.valid(), tls12, provider, "localhost", mutual).reason());
        for (TlsSettings s : List.of(tls12, trustingTestCa())) {
            Result r = handshake(certs.valid(), s.withClientCertificate(me.cert(), me.key()), provider, "localhost",
                    mutual);
            assertTrue(r.completed(), String.valueOf(r.failure()));
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void serversThatNeverFinishTheHandshakeAreToldApart(TlsProvider provider) throws Exception {
        try (SilentServer silent = SilentServer.start(Mode.NEVER_ANSWER);
                SilentServer closing = SilentServer.start(Mode.CLOSE_AFTER_HELLO);
                SilentServer plain = SilentServer.start(Mode.ANSWER_PLAINTEXT)) {
            ClientTls quick = tls(trustingTestCa().withHandshakeTimeoutMillis(300), provider);
            long start = System.nanoTime();
            assertEquals(TlsReason.HANDSHAKE_TIMEOUT, client.attempt(quick, "localhost", silent.port()).reason());
            assertTrue(System.nanoTime() - start >= 300_000_000L, "not before the timeout");
            assertEquals(TlsReason.CLOSED, client.attempt(quick, "localhost", closing.port()).reason());
            assertEquals(TlsReason.NOT_TLS, client.attempt(quick, "localhost", plain.port()).reason());
        }
    }

    @Test
    void unusableFilesAreNamedInOneLine() throws Exception {
        Path missing = dir.resolve("no-such-ca.pem");
        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> ClientTls.build(TlsSettings.verified().withCaFile(missing)));
        assertEquals("the CA file " + missing + " does not exist or is not a file", e.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        e = assertThrows(TlsSetupException.class, () -> ClientTls.build(TlsSettings.verified().withCaFile(garbage)));
        assertTrue(e.getMessage().startsWith("the CA file " + garbage + " holds no PEM certificate"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.verified().withClientCertificate(certs.ca(), null));
    }

    @Test
    void versionsAndProvidersParseAsTyped() {
        assertEquals(TlsVersion.TLS_1_3, TlsVersion.parse("1.3"));
        assertEquals(TlsVersion.TLS_1_2, TlsVersion.parse("TLSv1.2"));
        assertEquals("unknown TLS version '1.1': use 1.2 or 1.3",
                assertThrows(IllegalArgumentException.class, () -> TlsVersion.parse("1.1")).getMessage());
        assertEquals(TlsProvider.OPENSSL, TlsProvider.parse("OpenSSL"));
        for (TlsReason r : TlsReason.values()) {
            assertEquals(r, TlsReason.ofKey(r.key()));
            assertTrue(r.key().matches("tls_[a-z_]+"), r.key());
        }
    }
}
