package dev.tcpswarm.engine.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.ProbeRequest;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.tls.TestCertificates;
import dev.tcpswarm.engine.tls.TlsSettings;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in checks against the real servers from Debian's packages (redis-server, sshd, exim4,
 * dovecot, PostgreSQL 15, MariaDB, nginx), each started on a free loopback port with a private
 * config in the test's directory: each check is UP with the server's answer line (its version, its
 * greeting), and fails with its reason against the wrong service (or a refused STARTTLS, a refused
 * login, another HTTP status). MariaDB's {@code Aborted_connects} stays unchanged by ten probes.
 */
class BuiltInCheckTest {
    @TempDir
    Path dir;
    static EventLoopGroup group;
    static ExecutorService resolver;
    static ProbeDialer dialer;

    @BeforeAll
    static void start() {
        Transport transport = Transport.detect();
        group = transport.newEventLoopGroup(1, "builtin-check-test");
        resolver = Executors.newSingleThreadExecutor();
        dialer = new ProbeDialer(transport, resolver);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
        resolver.shutdownNow();
    }

    @BeforeEach
    void openDir() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the servers' users read it
    }

    /** A probe with the check, within 10 s a step (roomy at a load of 10: a wrong answer fails at once). */
    static ProbeReading probe(String check, int port) throws Exception {
        return probe(check, port, Optional.empty(), Optional.empty());
    }

    static ProbeReading probe(String check, int port, Optional<String> status, Optional<TlsSettings> tls)
            throws Exception {
        return probe(check, port, status, tls, 10_000);
    }

    /** A probe that is to find no answer, within {@code 1s}. */
    static ProbeReading probeSilent(String check, int port) throws Exception {
        return probe(check, port, Optional.empty(), Optional.empty(), 1000);
    }

    static ProbeReading probe(String check, int port, Optional<String> status, Optional<TlsSettings> tls,
            long timeoutMillis) throws Exception {
        Conversation c = BuiltInCheck.named(check).orElseThrow().conversation(status);
        CompletableFuture<ProbeReading> done = new CompletableFuture<>();
        dialer.probe(group.next(), new ProbeRequest("127.0.0.1", port, ProbeFamily.AUTO, timeoutMillis, 1, tls,
                Optional.of(c)), done::complete);
        return done.get(60, TimeUnit.SECONDS);
    }

    static String answer(ProbeReading r) {
        return r.conversation().orElseThrow().answer();
    }

    static void assertUp(ProbeReading r) {
        assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
    }

    static void assertFails(ProbeOutcome outcome, String detailStart, ProbeReading r) {
        assertEquals(outcome, r.outcome(), r.toString());
        assertTrue(r.detail().startsWith(detailStart), r.detail());
    }

    /** Verified against the test's CA, for the name its certificate holds. */
    static Optional<TlsSettings> tls(TestCertificates certs) {
        return Optional.of(TlsSettings.verified().withCaFile(certs.ca()).withServerName("localhost"));
    }

    static void run(Path log, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command.get(0) + " took over 120 s");
        assertEquals(0, p.exitValue(), command + ": " + Files.readString(log));
    }

    /** {@code path} (and what it holds) owned by {@code user}. */
    static void chown(Path path, String user) throws Exception {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        try (var files = Files.walk(path)) {
            for (Path p : files.toList()) {
                Files.setOwner(p, users.lookupPrincipalByName(user));
            }
        }
    }

    RealServer redis() throws Exception {
        return RealServer.redis(dir);
    }

    RealServer sshd() throws Exception {
        Path sshd = Path.of("/usr/sbin/sshd");
        RealServer.requireBinary(sshd, "openssh-server");
        Path key = dir.resolve("ssh_host_ed25519_key");
        run(dir.resolve("ssh-keygen.log"), List.of("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                key.toString()));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation dir, as its service makes it
        Path config = Files.writeString(dir.resolve("sshd_config"), "");
        int port = RealServer.freePort();
        return RealServer.start("sshd", dir, port, List.of(sshd.toString(), "-D", "-e", "-f", config.toString(),
                "-o", "ListenAddress=127.0.0.1:" + port, "-o", "HostKey=" + key, "-o", "PidFile=none",
                "-o", "UsePAM=no"));
    }

    /** exim4 on {@code tlsPort} (STARTTLS offered) and {@code plainPort} (not offered). */
    RealServer exim(TestCertificates certs, int tlsPort, int plainPort) throws Exception {
        Path exim = Path.of("/usr/sbin/exim4");
        RealServer.requireBinary(exim, "exim4-daemon-light");
        Path d = Files.createDirectories(dir.resolve("exim"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String sub : new String[] {"spool", "log"}) {
            Files.setPosixFilePermissions(Files.createDirectories(d.resolve(sub)),
                    PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        TestCertificates.ServerCertificate cert = certs.valid();
        Path chain = Files.copy(cert.chain(), d.resolve("chain.pem"));
        Path key = Files.copy(cert.key(), d.resolve("key.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = Files.writeString(d.resolve("exim.conf"), """
                primary_hostname = localhost
                daemon_smtp_ports = %d : %d
                local_interfaces = 127.0.0.1
                spool_directory = %s/spool
                log_file_path = %s/log/%%slog
                exim_user = Debian-exim
                exim_group = Debian-exim
                keep_environment =
                tls_certificate = %s
                tls_privatekey = %s
                tls_advertise_hosts = ${if eq{$received_port}{%d}{*}{}}
                acl_smtp_rcpt = acl_check_rcpt
                begin acl
                acl_check_rcpt:
                  deny
                """.formatted(tlsPort, plainPort, d, d, chain, key, tlsPort));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        RealServer server = RealServer.start("exim", dir, tlsPort, List.of(exim.toString(), "-C", config.toString(),
                "-bdf", "-odi"));
        RealServer.awaitListening(server, plainPort);
        return server;
    }

    /** dovecot's IMAP and POP3 on {@code imapPort} and {@code pop3Port}, STARTTLS offered. */
    RealServer dovecot(TestCertificates certs, int imapPort, int pop3Port) throws Exception {
        Path dovecot = Path.of("/usr/sbin/dovecot");
        RealServer.requireBinary(dovecot, "dovecot-imapd dovecot-pop3d");
        assertTrue(Files.exists(Path.of("/usr/lib/dovecot/imap")) && Files.exists(Path.of("/usr/lib/dovecot/pop3")),
                "dovecot's imap or pop3 is not installed (.ci/run installs dovecot-imapd dovecot-pop3d)");
        Path d = Files.createDirectories(dir.resolve("dovecot"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestCertificates.ServerCertificate cert = certs.valid();
        Path config = Files.writeString(d.resolve("dovecot.conf"), """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap pop3
                listen = 127.0.0.1
                ssl = yes
                ssl_cert = <%2$s
                ssl_key = <%3$s
                disable_plaintext_auth = yes
                auth_mechanisms = plain
                passdb {
                  driver = static
                  args = password=unused-Pa55
                }
                userdb {
                  driver = static
                  args = uid=nobody gid=nogroup home=%1$s/home
                }
                mail_location = mbox:%1$s/home:INBOX=%1$s/home/inbox
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %4$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    address = 127.0.0.1
                    port = %5$d
                  }
                  inet_listener pop3s {
                    port = 0
                  }
                }
                """.formatted(d, cert.chain(), cert.key(), imapPort, pop3Port));
        RealServer server = RealServer.start("dovecot", dir, imapPort, List.of(dovecot.toString(), "-F", "-c",
                config.toString()));
        RealServer.awaitListening(server, pop3Port);
        return server;
    }

    /** PostgreSQL 15 on a new cluster in the test's directory, run as the postgres user; with {@code ssl} on or off. */
    RealServer postgres(Path data, TestCertificates certs, boolean ssl) throws Exception {
        Path bin = Path.of("/usr/lib/postgresql/15/bin");
        RealServer.requireBinary(bin.resolve("postgres"), "postgresql");
        if (!Files.exists(data)) {
            Files.createDirectories(data);
            chown(data, "postgres");
            run(dir.resolve("initdb.log"), List.of("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(),
                    "-D", data.toString(), "-A", "trust", "-U", "postgres", "--no-sync"));
            TestCertificates.ServerCertificate cert = certs.valid();
            Files.copy(cert.chain(), data.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(cert.key(), data.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(data.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
            chown(data, "postgres");
        }
        int port = RealServer.freePort();
        return RealServer.start("postgres", dir, port, List.of("runuser", "-u", "postgres", "--",
                bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + data,
                "-c", "ssl=" + (ssl ? "on" : "off")));
    }

    /** MariaDB on a new data dir in the test's directory, with the check's account {@code tcpswarm} (no password, no grants). */
    RealServer mariadb() throws Exception {
        Path mariadbd = Path.of("/usr/sbin/mariadbd");
        RealServer.requireBinary(mariadbd, "mariadb-server");
        Path d = Files.createDirectories(dir.resolve("mariadb"));
        Path data = d.resolve("data");
        run(dir.resolve("install-db.log"), List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data,
                "--user=mysql", "--auth-root-authentication-method=normal", "--skip-test-db"));
        Path init = Files.writeString(d.resolve("init.sql"),
                "CREATE USER 'tcpswarm'@'localhost';\nCREATE USER 'tcpswarm'@'127.0.0.1';\n");
        chown(d, "mysql");
        int port = RealServer.freePort();
        return RealServer.start("mariadb", dir, port, List.of(mariadbd.toString(), "--no-defaults",
                "--datadir=" + data, "--user=mysql", "--bind-address=127.0.0.1", "--port=" + port,
                "--socket=" + d.resolve("sock"), "--pid-file=" + d.resolve("pid"), "--skip-log-bin",
                "--init-file=" + init, "--log-warnings=4"));
    }

    /** One SQL statement as root over the server's socket, its rows tab-separated. */
    String sql(String statement) throws Exception {
        Process p = new ProcessBuilder("mariadb", "--no-defaults", "-S", dir.resolve("mariadb/sock").toString(),
                "-uroot", "-N", "-B", "-e", statement).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, statement + ": " + out);
        return out.strip();
    }

    /** nginx answering 200 at {@code /}. */
    RealServer nginx() throws Exception {
        Path nginx = Path.of("/usr/sbin/nginx");
        RealServer.requireBinary(nginx, "nginx");
        Path d = Files.createDirectories(dir.resolve("nginx"));
        int port = RealServer.freePort();
        Path config = Files.writeString(d.resolve("nginx.conf"), """
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                worker_processes 1;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / { return 200 "ok\\n"; }
                  }
                }
                """.formatted(d, port));
        return RealServer.start("nginx", dir, port, List.of(nginx.toString(), "-p", d.toString(), "-e",
                d.resolve("error.log").toString(), "-c", config.toString()));
    }

    @Test
    void eachCheckHasItsSchemeAndPort() {
        assertEquals(List.of("redis", "ssh", "smtp", "smtp+starttls", "imap", "imap+starttls", "pop3",
                "pop3+starttls", "postgres", "mysql", "http"), BuiltInCheck.names());
        List<Integer> ports = new ArrayList<>();
        for (String name : BuiltInCheck.names()) {
            ports.add(BuiltInCheck.named(name.toUpperCase(java.util.Locale.ROOT)).orElseThrow().defaultPort());
            assertEquals(name, BuiltInCheck.named(name).orElseThrow().scheme());
        }
        assertEquals(List.of(6379, 22, 25, 587, 143, 143, 110, 110, 5432, 3306, 80), ports);
        assertFalse(BuiltInCheck.named("memcached").isPresent());
        assertTrue(BuiltInCheck.SMTP_STARTTLS.conversation(Optional.empty()).startsTls());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BuiltInCheck.HTTP.conversation(Optional.of("20x0")));
        assertEquals("'20x0' is not an HTTP status: write 200, 2xx or a list such as 2xx,301", e.getMessage());
        // the others ignore the status
        assertEquals(BuiltInCheck.REDIS.conversation(Optional.empty()).steps().size(),
                BuiltInCheck.REDIS.conversation(Optional.of("x")).steps().size());
    }

    @Test
    void redisAnswersPongAndItsVersion() throws Exception {
        try (RealServer redis = redis()) {
            ProbeReading r = probe("redis", redis.port);
            assertUp(r);
            assertTrue(answer(r).matches("redis_version:[0-9]+\\.[0-9]+\\.[0-9]+"), answer(r));
            assertFails(ProbeOutcome.NO_ANSWER, "no answer within 1s", probeSilent("mysql", redis.port));
        }
        try (RealServer withPassword = RealServer.redis(Files.createDirectories(dir.resolve("auth")), "--requirepass",
                "s3cret-Pa55")) {
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^\\+PONG\\r\\n/ but got \"-NOAUTH Authentication"
                    + " required.\\r\\n\"", probe("redis", withPassword.port));
        }
    }

    @Test
    void sshShowsItsBannerAndOtherChecksFailOnIt() throws Exception {
        try (RealServer sshd = sshd()) {
            ProbeReading r = probe("ssh", sshd.port);
            assertUp(r);
            assertTrue(answer(r).startsWith("SSH-2.0-OpenSSH_"), answer(r));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^\\+PONG\\r\\n/ but got \"SSH-2.0-OpenSSH_",
                    probe("redis", sshd.port));
            // its banner begins with S, as PostgreSQL's yes: the one byte alone passes
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^[SN](?![\\x00-\\xff])/ but got \"SSH-2.0-OpenSSH_",
                    probe("postgres", sshd.port));
        }
    }

    @Test
    void smtpGreetsAndUpgradesToTlsAndARefusedStarttlsFails() throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        int tlsPort = RealServer.freePort();
        int plainPort = RealServer.freePort();
        try (RealServer exim = exim(certs, tlsPort, plainPort)) {
            ProbeReading r = probe("smtp", plainPort);
            assertUp(r);
            assertTrue(answer(r).matches("220 localhost ESMTP Exim 4\\.[0-9]+ .*"), answer(r));
            ProbeReading tls = probe("smtp+starttls", exim.port, Optional.empty(), tls(certs));
            assertUp(tls);
            assertTrue(answer(tls).startsWith("220 localhost ESMTP Exim 4."), answer(tls));
            assertTrue(tls.tls().orElseThrow().protocol().startsWith("TLSv1."), tls.toString());
            assertFails(ProbeOutcome.STARTTLS_REFUSED, "STARTTLS refused: got \"503 STARTTLS command used when not"
                    + " advertised\\r\\n\"", probe("smtp+starttls", plainPort, Optional.empty(), tls(certs)));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^(?:(?!SSH-)", probe("ssh", plainPort));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^\\+OK[^\\r\\n]*\\r?\\n/ but got \"220 localhost",
                    probe("pop3+starttls", plainPort, Optional.empty(), tls(certs)));
        }
    }

    @Test
    void imapAndPop3GreetAndUpgradeToTls() throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        int imapPort = RealServer.freePort();
        int pop3Port = RealServer.freePort();
        try (RealServer dovecot = dovecot(certs, imapPort, pop3Port)) {
            ProbeReading imap = probe("imap", dovecot.port);
            assertUp(imap);
            assertTrue(answer(imap).startsWith("* OK [CAPABILITY IMAP4rev1 "), answer(imap));
            ProbeReading imapTls = probe("imap+starttls", imapPort, Optional.empty(), tls(certs));
            assertUp(imapTls);
            assertTrue(imapTls.tls().isPresent(), imapTls.toString());
            ProbeReading pop3 = probe("pop3", pop3Port);
            assertUp(pop3);
            assertEquals("+OK Dovecot (Debian) ready.", answer(pop3));
            ProbeReading pop3Tls = probe("pop3+starttls", pop3Port, Optional.empty(), tls(certs));
            assertUp(pop3Tls);
            assertTrue(pop3Tls.tls().isPresent(), pop3Tls.toString());
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^\\* OK[^\\r\\n]*\\r?\\n/ but got \"+OK Dovecot",
                    probe("imap", pop3Port));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^\\+OK[^\\r\\n]*\\r?\\n/ but got \"* OK [CAPABILITY",
                    probe("pop3", imapPort));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^(?:220-[^\\r\\n]*\\r?\\n)*220 [^\\r\\n]*\\r?\\n/ but"
                    + " got \"+OK Dovecot", probe("smtp", pop3Port));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^\\* OK[^\\r\\n]*\\r?\\n/ but got \"+OK Dovecot",
                    probe("imap+starttls", pop3Port, Optional.empty(), tls(certs)));
        }
    }

    @Test
    void postgresAnswersTheSslRequestWithNOrS() throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        Path data = dir.resolve("pgdata");
        try (RealServer plain = postgres(data, certs, false)) {
            ProbeReading r = probe("postgres", plain.port);
            assertUp(r);
            assertEquals("N", answer(r));
        }
        try (RealServer ssl = postgres(data, certs, true)) {
            ProbeReading r = probe("postgres", ssl.port);
            assertUp(r);
            assertEquals("S", answer(r));
            assertFails(ProbeOutcome.NO_ANSWER, "no answer within 1s", probeSilent("ssh", ssl.port));
        }
    }

    @Test
    void mysqlShowsTheVersionAndItsProbesAreNotAbortedConnections() throws Exception {
        try (RealServer mariadb = mariadb()) {
            // the start's own check that it listens (a connect and a close) counts as one
            String before = sql("SHOW GLOBAL STATUS LIKE 'Aborted_connects'");
            assertEquals("Aborted_connects\t1", before);
            long abortedLogged = mariadb.output().lines().filter(l -> l.contains("Aborted connection")).count();
            String version = sql("SELECT VERSION()");
            for (int i = 0; i < 10; i++) {
                ProbeReading r = probe("mysql", mariadb.port);
                assertUp(r);
                assertEquals(version, answer(r));
            }
            assertEquals(before, sql("SHOW GLOBAL STATUS LIKE 'Aborted_connects'"));
            assertEquals("Aborted_clients\t0", sql("SHOW GLOBAL STATUS LIKE 'Aborted_clients'"));
            assertEquals(abortedLogged, mariadb.output().lines().filter(l -> l.contains("Aborted connection")).count(),
                    mariadb.output());
            sql("DROP USER 'tcpswarm'@'localhost', 'tcpswarm'@'127.0.0.1'");
            ProbeReading denied = probe("mysql", mariadb.port);
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^[\\x00-\\xff]{3}\\x02\\x00/ but got", denied);
            assertTrue(denied.detail().contains("Access denied for user 'tcpswarm'@"), denied.detail());
            assertEquals(version, answer(denied));
        }
    }

    @Test
    void httpAnswersItsStatus() throws Exception {
        try (RealServer nginx = nginx()) {
            ProbeReading r = probe("http", nginx.port);
            assertUp(r);
            assertEquals("HTTP/1.1 200 OK", answer(r));
            assertUp(probe("http", nginx.port, Optional.of("2xx"), Optional.empty()));
            assertUp(probe("http", nginx.port, Optional.of("301, 200"), Optional.empty()));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^HTTP/1\\.[01] (?:3[0-9][0-9])(?![0-9])[^\\r\\n]*"
                    + "\\r?\\n/ but got \"HTTP/1.1 200 OK\\r\\nServer: nginx/",
                    probe("http", nginx.port, Optional.of("3xx"), Optional.empty()));
            assertUp(probe("http", nginx.port, Optional.of("20x"), Optional.empty()));
            assertFails(ProbeOutcome.UNEXPECTED_ANSWER, "expected /^HTTP/1\\.[01] (?:404)(?![0-9])", probe("http",
                    nginx.port, Optional.of("404"), Optional.empty()));
        }
    }
}
