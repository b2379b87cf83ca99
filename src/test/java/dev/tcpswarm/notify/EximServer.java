package dev.tcpswarm.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Debian's exim4 on a free loopback port with a private config, for the tests that send mail: TLS
 * only through STARTTLS (with a certificate made by the test's openssl, in {@link #certificate()}),
 * PLAIN and LOGIN offered only after it, for one user and password; every message delivered into
 * {@link #mailbox()}. Fails (never skips) when exim4 is not installed. The test's thread.
 */
public final class EximServer implements AutoCloseable {
    private static final Path EXIM = Path.of("/usr/sbin/exim4");
    private final Path dir;
    private final Process exim;
    private final int port;

    private EximServer(Path dir, Process exim, int port) {
        this.dir = dir;
        this.exim = exim;
        this.port = port;
    }

    /** Starts exim in {@code dir} (made readable to exim's user), accepting {@code user} with {@code password}. */
    public static EximServer start(Path dir, String user, String password) throws Exception {
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
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String d = dir.toString();
        Files.writeString(dir.resolve("exim.conf"), """
                primary_hostname = localhost
                daemon_smtp_ports = %1$d
                local_interfaces = 127.0.0.1
                spool_directory = %2$s/spool
                log_file_path = %2$s/log/%%slog
                exim_user = Debian-exim
                exim_group = Debian-exim
                keep_environment =
                tls_certificate = %2$s/cert.pem
                tls_privatekey = %2$s/key.pem
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
                  file = %2$s/mail/mbox
                  user = Debian-exim
                  mode = 0644
                  envelope_to_add
                begin authenticators
                plain:
                  driver = plaintext
                  public_name = PLAIN
                  server_prompts = :
                  server_condition = ${if and{{eq{$auth2}{%3$s}}{eq{$auth3}{%4$s}}}}
                  server_set_id = $auth2
                login:
                  driver = plaintext
                  public_name = LOGIN
                  server_prompts = Username:: : Password::
                  server_condition = ${if and{{eq{$auth1}{%3$s}}{eq{$auth2}{%4$s}}}}
                  server_set_id = $auth1
                """.formatted(port, d, user, password));
        Files.setPosixFilePermissions(dir.resolve("exim.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        Process exim = new ProcessBuilder(EXIM.toString(), "-C", dir.resolve("exim.conf").toString(), "-bdf", "-odi")
                .redirectErrorStream(true).redirectOutput(dir.resolve("exim.out").toFile()).start();
        EximServer server = new EximServer(dir, exim, port);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return server;
            } catch (IOException notYet) {
                if (!exim.isAlive() || System.nanoTime() > until) {
                    server.close();
                    throw new AssertionError(exim.isAlive() ? "exim not listening in 20 s"
                            : "exim stopped: " + Files.readString(dir.resolve("exim.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    public int port() {
        return port;
    }

    /** The server's certificate (PEM), for the channel's {@code ca_file}. */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** The file every delivered message is appended to. */
    public Path mailbox() {
        return dir.resolve("mail").resolve("mbox");
    }

    /** exim's main log: each delivery, its TLS and its login, and each refusal. */
    public String log() throws IOException {
        Path log = dir.resolve("log/mainlog");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The mailbox once it holds {@code text}; fails after {@code seconds}. */
    public String awaitMailbox(String text, long seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(mailbox()) || !Files.readString(mailbox()).contains(text)) {
            assertTrue(System.nanoTime() < until, "no '" + text + "' in the mailbox within " + seconds + " s; exim's log: "
                    + log());
            Thread.sleep(100);
        }
        return Files.readString(mailbox());
    }

    @Override
    public void close() {
        exim.destroy();
        try {
            exim.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
