package dev.tcpswarm.engine.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.ProbeRequest;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.tls.TlsSettings;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in checks against the real servers from Debian's packages, each started on a free
 * loopback port with a private config: each check is UP with the server's answer line (its
 * version, its greeting), and fails with its reason against the wrong service.
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

    static ProbeReading probe(String check, int port) throws Exception {
        return probe(check, port, Optional.empty(), Optional.empty());
    }

    static ProbeReading probe(String check, int port, Optional<String> status, Optional<TlsSettings> tls)
            throws Exception {
        Conversation c = BuiltInCheck.named(check).orElseThrow().conversation(status);
        CompletableFuture<ProbeReading> done = new CompletableFuture<>();
        dialer.probe(group.next(), new ProbeRequest("127.0.0.1", port, ProbeFamily.AUTO, 2000, 1, tls, Optional.of(c)),
                done::complete);
        return done.get(20, TimeUnit.SECONDS);
    }

    static String answer(ProbeReading r) {
        return r.conversation().orElseThrow().answer();
    }

    static void assertUp(ProbeReading r) {
        assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
    }

    RealServer redis() throws Exception {
        Path redis = Path.of("/usr/bin/redis-server");
        RealServer.requireBinary(redis, "redis-server");
        Path data = Files.createDirectories(dir.resolve("redis"));
        int port = RealServer.freePort();
        return RealServer.start("redis", dir, port, List.of(redis.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", data.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no"));
    }

    RealServer sshd() throws Exception {
        Path sshd = Path.of("/usr/sbin/sshd");
        RealServer.requireBinary(sshd, "openssh-server");
        Path keygen = Path.of("/usr/bin/ssh-keygen");
        Path key = dir.resolve("ssh_host_ed25519_key");
        Process p = new ProcessBuilder(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen failed: "
                + new String(p.getInputStream().readAllBytes()));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation dir, as its service makes it
        Path config = Files.writeString(dir.resolve("sshd_config"), "");
        int port = RealServer.freePort();
        return RealServer.start("sshd", dir, port, List.of(sshd.toString(), "-D", "-e", "-f", config.toString(),
                "-o", "ListenAddress=127.0.0.1:" + port, "-o", "HostKey=" + key, "-o", "PidFile=none",
                "-o", "UsePAM=no"));
    }

    @Test
    void redisAnswersPongAndItsVersion() throws Exception {
        try (RealServer redis = redis()) {
            ProbeReading r = probe("redis", redis.port);
            assertUp(r);
            assertTrue(answer(r).matches("redis_version:[0-9]+\\.[0-9]+\\.[0-9]+"), answer(r));
        }
    }

    @Test
    void redisCheckAgainstSshdFailsWithTheBanner() throws Exception {
        try (RealServer sshd = sshd()) {
            ProbeReading r = probe("redis", sshd.port);
            assertEquals(ProbeOutcome.UNEXPECTED_ANSWER, r.outcome(), r.toString());
            assertTrue(r.detail().startsWith("expected /^\\+PONG\\r\\n/ but got \"SSH-2.0-OpenSSH_"), r.detail());
        }
    }

    @Test
    void sshShowsItsBanner() throws Exception {
        try (RealServer sshd = sshd()) {
            ProbeReading r = probe("ssh", sshd.port);
            assertUp(r);
            assertTrue(answer(r).startsWith("SSH-2.0-OpenSSH_"), answer(r));
        }
    }
}
