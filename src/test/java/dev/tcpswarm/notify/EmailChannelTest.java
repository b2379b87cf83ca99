package dev.tcpswarm.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email channel against Debian's exim4 ({@link EximServer}): TLS only through STARTTLS, PLAIN and
 * LOGIN offered only after it, every message delivered into a file the test reads back.
 */
@Timeout(90)
class EmailChannelTest {
    private EximServer exim;
    private int port;
    private ChannelKit channels;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        exim = EximServer.start(dir, "monitor", "s3cret-Pa55");
        port = exim.port();
        Files.writeString(dir.resolve("smtp-password"), "s3cret-Pa55\n");
        channels = new ChannelKit();
    }

    @AfterEach
    void stop() throws Exception {
        if (channels != null) {
            channels.close();
        }
        if (exim != null) {
            exim.close();
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
                """.formatted(port, passwordLine, exim.certificate());
    }

    /** The mailbox once both recipients' copies are in it. */
    private String awaitMail() throws Exception {
        exim.awaitMailbox("Envelope-to: oncall@example.org", 20);
        return exim.awaitMailbox("Envelope-to: data@example.org", 20);
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
        String log = exim.log();
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
