package dev.tcpswarm.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email channel against Debian's exim4, run on a free loopback port with a private config: TLS
 * only through STARTTLS (with a certificate made by the test's openssl), PLAIN and LOGIN offered only
 * after it, every message delivered into a file the test reads back.
 */
@Timeout(90)
class EmailChannelTest {
    private static final Path EXIM = Path.of("/usr/sbin/exim4");
    private Process exim;
    private int port;
    private ChannelKit channels;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(EXIM), "exim4 is not installed (.ci/run installs exim4-daemon-light)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // exim's user reads it
        for (String d : new String[] {"spool", "log", "mail"}) {
            Files.createDirectories(dir.resolve(d));
            Files.setPosixFilePermissions(dir.resolve(d), PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "1", "-subj",
                "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertEquals(0, openssl.waitFor(), Files.readString(dir.resolve("openssl.log")));
        Files.setPosixFilePermissions(dir.resolve("key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String d = dir.toString();
        Files.writeString(dir.resolve("exim.conf"), """
                primary_hostname = localhost
                daemon_smtp_ports = %d
                local_interfaces = 127.0.0.1
                spool_directory = %s/spool
                log_file_path = %s/log/%%slog
                exim_user = Debian-exim
                exim_group = Debian-exim
                keep_environment =
                tls_certificate = %s/cert.pem
                tls_privatekey = %s/key.pem
                tls_advertise_hosts = *
                auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}
                acl_smtp_mail = acl_check_mail
                acl_smtp_rcpt = acl_check_rcpt
                begin acl
                acl_check_mail:
                  deny message = authenticate first
                       !authenticated = *
                  accept
                acl_check_rcpt:
                  accept authenticated = *
                  deny
                begin routers
                all:
                  driver = accept
                  transport = tofile
                begin transports
                tofile:
                  driver = appendfile
                  file = %s/mail/mbox
                  user = Debian-exim
                  mode = 0644
                  envelope_to_add
                begin authenticators
                plain:
                  driver = plaintext
                  public_name = PLAIN
                  server_prompts = :
                  server_condition = ${if and{{eq{$auth2}{monitor}}{eq{$auth3}{s3cret-Pa55}}}}
                  server_set_id = $auth2
                login:
                  driver = plaintext
                  public_name = LOGIN
                  server_prompts = Username:: : Password::
                  server_condition = ${if and{{eq{$auth1}{monitor}}{eq{$auth2}{s3cret-Pa55}}}}
                  server_set_id = $auth1
                """.formatted(port, d, d, d, d, d));
        Files.setPosixFilePermissions(dir.resolve("exim.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        exim = new ProcessBuilder(EXIM.toString(), "-C", dir.resolve("exim.conf").toString(), "-bdf", "-odi")
                .redirectErrorStream(true).redirectOutput(dir.resolve("exim.out").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                break;
            } catch (IOException notYet) {
                assertTrue(exim.isAlive(), "exim stopped: " + Files.readString(dir.resolve("exim.out")));
                assertTrue(System.nanoTime() < until, "exim not listening in 20 s");
                Thread.sleep(100);
            }
        }
        Files.writeString(dir.resolve("smtp-password"), "s3cret-Pa55\n");
        channels = new ChannelKit();
    }

    @AfterEach
    void stop() throws Exception {
        if (channels != null) {
            channels.close();
        }
        if (exim != null) {
            exim.destroy();
            exim.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String config(String passwordLine) {
        return """
                  mail:
                    type: email
                    host: 127.0.0.1
                    port: %d
                    starttls: true
                    username: monitor
                    %s
                    from: tcpswarm@example.org
                    to: [oncall@example.org, "Data Team <data@example.org>"]
                    ca_file: %s
                """.formatted(port, passwordLine, dir.resolve("cert.pem"));
    }

    /** The mailbox once both recipients' copies are in it. */
    private String awaitMail() throws Exception {
        Path file = dir.resolve("mail").resolve("mbox");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(file) || !Files.readString(file).contains("Envelope-to: oncall@example.org")
                || !Files.readString(file).contains("Envelope-to: data@example.org")) {
            assertTrue(System.nanoTime() < until, "no mail for both recipients; exim's log: "
                    + Files.readString(dir.resolve("log/mainlog")));
            Thread.sleep(100);
        }
        return Files.readString(file);
    }

    @Test
    void aFiringNoticeIsMailedToEveryRecipientOverStartTlsWithALogin() throws Exception {
        NoticeChannel mail = channels.open(ChannelKit.spec("mail", config("password_file: " + dir.resolve("smtp-password")),
                Map.of()));
        long at = 1_759_932_602_000L; // 2025-10-08T14:10:02Z
        DeliveryResult r = channels.deliver(mail, ChannelKit.notice(AlertNotice.Kind.FIRING, "down", at));
        assertTrue(r.ok(), r.toString());
        String message = awaitMail();
        assertTrue(message.contains("From: tcpswarm@example.org"), message);
        assertTrue(message.contains("To: oncall@example.org, Data Team <data@example.org>"), message);
        assertTrue(message.contains("Subject: [FIRING] db-down: db DOWN (3 consecutive timeouts)"), message);
        assertTrue(message.contains("Auto-Submitted: auto-generated"), message);
        assertTrue(message.contains("Content-Type: text/plain; charset=UTF-8"), message);
        assertTrue(message.contains("Date: Wed, 8 Oct 2025 14:10:02 +0000") || message.contains("Date: Wed, 8 Oct 2025"),
                message);
        assertTrue(message.contains("service: db is DOWN"), message);
        assertTrue(message.contains("since:  2025-10-08T14:09:02Z"), message);
        assertTrue(message.contains("time:   2025-10-08T14:10:02Z"), message);
        assertTrue(message.contains("labels: team=data"), message);
        assertTrue(message.contains("status: http://127.0.0.1:9469/"), message);
        String log = Files.readString(dir.resolve("log/mainlog"));
        assertTrue(log.contains("X=TLS"), "delivered over TLS: " + log);
        assertTrue(log.contains("A=plain:monitor") || log.contains("A=login:monitor"), "authenticated: " + log);
        assertFalse(message.contains("s3cret-Pa55"), message);
    }

    @Test
    void aWrongPasswordIsRefusedPermanentlyAndNotShown() throws Exception {
        NoticeChannel mail = channels.open(ChannelKit.spec("mail", config("password: ${env:SMTP_PASSWORD}"),
                Map.of("SMTP_PASSWORD", "wrong-Pa55word")));
        DeliveryResult r = channels.deliver(mail, ChannelKit.notice(AlertNotice.Kind.RESOLVED, "up", System.currentTimeMillis()));
        assertFalse(r.ok());
        assertTrue(r.permanent(), r.toString());
        assertTrue(r.error().startsWith("SMTP 127.0.0.1:" + port + " refused the login"), r.error());
        assertFalse(r.error().contains("wrong-Pa55word"), r.error());
    }

    @Test
    void settingsAreChecked() {
        assertEquals("m.yaml:4: channels.x.to: missing: a list of one or more addresses", ChannelKit.error("""
                  x: {type: email, host: smtp.internal, from: a@b.c}
                """, Map.of()));
        assertEquals("m.yaml:4: channels.x.port: 70000 is out of range: use 1-65535", ChannelKit.error("""
                  x: {type: email, host: smtp.internal, port: 70000, from: a@b.c, to: [d@e.f]}
                """, Map.of()));
        assertEquals("m.yaml:4: channels.x.password: the environment variable NOPE is not set (${env:NOPE}): export it "
                + "before starting tcpswarm", ChannelKit.error("""
                  x: {type: email, host: h, username: u, password: "${env:NOPE}", from: a@b.c, to: d@e.f}
                """, Map.of()));
        assertTrue(ChannelKit.error("""
                  x: {type: email, host: h, from: "not an address", to: d@e.f}
                """, Map.of()).startsWith("m.yaml:4: channels.x.from: 'not an address' is not an e-mail address"));
    }
}
