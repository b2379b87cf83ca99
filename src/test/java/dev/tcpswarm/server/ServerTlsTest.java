package dev.tcpswarm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.engine.tls.ClientTls;
import dev.tcpswarm.engine.tls.Handshakes;
import dev.tcpswarm.engine.tls.TestCertificates;
import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import dev.tcpswarm.engine.tls.TlsReason;
import dev.tcpswarm.engine.tls.TlsSettings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --tls}'s server side: a given certificate or a self-signed one, real handshakes against it. */
class ServerTlsTest {
    @TempDir
    Path dir;

    private static BuiltInServer serve(ServerTls tls, ServerMode mode) throws Exception {
        return BuiltInServer.start(Transport.detect(), InetAddress.getLoopbackAddress(), 0, mode, 0, 1, tls);
    }

    @Test
    void aGivenCertificateIsServedAndVerified() throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        ServerCertificate valid = certs.valid();
        ServerTls tls = ServerTls.fromFiles(valid.chain(), valid.key());
        assertEquals(TestCertificates.fingerprint(valid.cert()), tls.fingerprint());
        try (BuiltInServer server = serve(tls, ServerMode.HOLD); Handshakes client = new Handshakes(1)) {
            Handshakes.Result r = client.attempt(ClientTls.build(TlsSettings.verified().withCaFile(certs.ca())),
                    "localhost", server.port());
            assertTrue(r.completed(), String.valueOf(r.failure()));
            CertificateFacts facts = CertificateFacts.of(r.session().orElseThrow()).orElseThrow();
            assertEquals("CN=localhost", facts.subject());
            assertEquals(2, facts.chainLength());
        }
        assertEquals("cannot read " + dir.resolve("none.pem") + ": give a readable PEM file",
                assertThrows(java.io.IOException.class,
                        () -> ServerTls.fromFiles(dir.resolve("none.pem"), valid.key())).getMessage());
    }

    @Test
    void aSelfSignedCertificateIsMadeAndItsFingerprintIsTheOneServed() throws Exception {
        ServerTls tls = ServerTls.selfSigned();
        assertTrue(tls.isSelfSigned());
        assertEquals("CN=localhost", tls.subject());
        assertTrue(tls.describe().startsWith("tls: self-signed CN=localhost, SHA-256 " + tls.fingerprint()),
                tls.describe());
        try (BuiltInServer server = serve(tls, ServerMode.CLOSE); Handshakes client = new Handshakes(1)) {
            assertEquals(TlsReason.UNKNOWN_AUTHORITY,
                    client.attempt(ClientTls.build(TlsSettings.verified()), "localhost", server.port()).reason());
            Handshakes.Result r = client.attempt(ClientTls.build(TlsSettings.insecure()), "127.0.0.1", server.port());
            assertTrue(r.completed(), "close mode closes after the handshake, not before: " + r.failure());
            SSLSession s = r.session().orElseThrow();
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(s.getPeerCertificates()[0].getEncoded());
            assertEquals(tls.fingerprint(), HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha));
        }
    }
}
