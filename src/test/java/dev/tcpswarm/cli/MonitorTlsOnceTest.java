package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.tls.OpensslServer;
import dev.tcpswarm.engine.tls.SilentServer;
import dev.tcpswarm.engine.tls.TestCertificates;
import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpswarm monitor --once} on TLS services, in-process, against {@code openssl s_server}
 * with certificates made by openssl: each certificate case is DOWN with its own reason (exit 2), one
 * within expiry_warning DEGRADED (exit 3) with its date, a good one UP (exit 0).
 */
class MonitorTlsOnceTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.in(dir.resolve("pki"));
    }

    /** monitor --once on one service with this tls block, served by s_server with {@code cert}. */
    private static Cli.Outcome once(ServerCertificate cert, String host, String tlsBlock) throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, cert)) {
            Path config = Files.createTempFile(dir, "monitor-", ".yaml");
            Files.writeString(config, """
                    services:
                      - name: api
                        address: "%s:%d"
                        timeout: 5s
                        tls:
                    %s
                    """.formatted(host, server.port(), tlsBlock.indent(6).stripTrailing()));
            return Cli.run("monitor", config.toString(), "--once");
        }
    }

    private static void assertOnce(int exit, String line, Cli.Outcome o) {
        assertEquals(exit, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains(" api: " + line + "\n"), o.out());
    }

    private static String trustTestCa() {
        return "ca_file: " + certs.ca();
    }

    @Test
    void eachCertificateCaseGetsItsReason() throws Exception {
        assertOnce(0, "UP (open in", onceLine(certs.valid(), "localhost", trustTestCa()));
        assertOnce(2, "DOWN (tls: certificate expired)", once(certs.expired(), "localhost", trustTestCa()));
        assertOnce(2, "DOWN (tls: certificate not yet valid)", once(certs.notYetValid(), "localhost", trustTestCa()));
        assertOnce(2, "DOWN (tls: hostname mismatch)", once(certs.wrongHost(), "localhost", trustTestCa()));
        assertOnce(2, "DOWN (tls: unknown certificate authority)", once(certs.selfSigned(), "localhost", trustTestCa()));
        assertOnce(2, "DOWN (tls: unknown certificate authority)", once(certs.valid(), "localhost", "verify: true"));
        assertOnce(0, "UP (open in", onceLine(certs.selfSigned(), "127.0.0.1", "verify: false"));
        assertOnce(0, "UP (open in", onceLine(certs.wrongHost(), "127.0.0.1", trustTestCa() + "\nserver_name: wrong.example"));
    }

    /** As {@link #once}, the line cut after its fixed part (the latency varies). */
    private static Cli.Outcome onceLine(ServerCertificate cert, String host, String block) throws Exception {
        Cli.Outcome o = once(cert, host, block);
        return new Cli.Outcome(o.exit(), o.out().replaceAll("(?m)( api: UP \\(open in)[^\\n]*", "$1"), o.err());
    }

    @Test
    void aCertificateNearItsEndIsDegradedThenDown() throws Exception {
        ServerCertificate soon = certs.expiringIn(Duration.ofDays(5));
        String day = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(TestCertificates.notAfter(soon.cert()));
        assertOnce(3, "DEGRADED (certificate expires in 5 days (" + day + "))",
                once(soon, "localhost", trustTestCa() + "\nexpiry_warning: 14d\nexpiry_critical: 3d"));
        assertOnce(2, "DOWN (certificate expires in 5 days (" + day + "))",
                once(soon, "localhost", trustTestCa() + "\nexpiry_warning: 14d\nexpiry_critical: 7d"));
    }

    @Test
    void aServerThatNeverAnswersTheHelloIsAHandshakeTimeout() throws Exception {
        try (SilentServer silent = SilentServer.start(SilentServer.Mode.NEVER_ANSWER)) {
            Cli.Outcome o = Cli.run("monitor", "tls://127.0.0.1:" + silent.port(), "--once", "--timeout", "500ms");
            assertEquals(2, o.exit(), o.out() + o.err());
            assertTrue(o.out().contains(": DOWN (tls: handshake timeout)\n"), o.out());
        }
    }
}
