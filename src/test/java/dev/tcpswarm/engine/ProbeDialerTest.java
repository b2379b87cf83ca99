package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Monitor probes against the built-in server in each mode, a closed port and ::1: each outcome classified right. */
@Timeout(30)
class ProbeDialerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static EventLoopGroup group;
    private static ExecutorService resolver;
    private static ProbeDialer dialer;

    @BeforeAll
    static void engine() {
        Transport transport = Transport.detect();
        group = transport.newEventLoopGroup(1, "test-probe");
        resolver = Executors.newSingleThreadExecutor();
        dialer = new ProbeDialer(transport, resolver);
    }

    @AfterAll
    static void close() {
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        resolver.shutdownNow();
    }

    private static ProbeReading probe(String host, int port, ProbeFamily family, long timeoutMillis, int attempts)
            throws Exception {
        CompletableFuture<ProbeReading> done = new CompletableFuture<>();
        EventLoop loop = group.next();
        dialer.probe(loop, new ProbeRequest(host, port, family, timeoutMillis, attempts), r -> {
            assertTrue(loop.inEventLoop(), "the reading arrives on the probe's loop");
            done.complete(r);
        });
        return done.get(20, TimeUnit.SECONDS);
    }

    private static ProbeReading probe(String host, int port) throws Exception {
        return probe(host, port, ProbeFamily.AUTO, 1000, 1);
    }

    @Test
    void holdIsOpenAndTheProbeClosesItsConnection() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            ProbeReading r = probe("127.0.0.1", server.port());
            assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
            assertTrue(r.connectNanos() > 0 && r.connectNanos() < TimeUnit.SECONDS.toNanos(1), r.toString());
            assertEquals(-1, r.dnsNanos(), "an address needs no lookup");
            assertEquals("127.0.0.1:" + server.port(), r.address());
            assertEquals(1, server.accepted());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (server.openNow() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(0, server.openNow(), "the server saw the probe's FIN and closed its side");
        }
    }

    /**
     * A server that greets first (SMTP, MySQL) and waits for the client: the probe reads and discards
     * the banner, so its close stays a FIN (an unread banner would make it a reset); the server reads
     * a clean end of stream, and the prober's side of that very connection is in TIME_WAIT.
     */
    @Test
    void anUnreadBannerDoesNotTurnTheCloseIntoAReset() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, LOOPBACK)) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write(("220 " + "x".repeat(60_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    int read = s.getInputStream().read();
                    return read + " from client port " + s.getPort();
                } catch (IOException e) {
                    return "failed: " + e.getMessage();
                }
            });
            ProbeReading r = probe("127.0.0.1", listener.getLocalPort());
            assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
            String end = served.get(10, TimeUnit.SECONDS);
            assertTrue(end.startsWith("-1 from client port "), "the server read a clean end of stream: " + end);
            String clientPort = end.substring(end.lastIndexOf(' ') + 1);
            Process ss = new ProcessBuilder("ss", "-Htan", "state", "time-wait", "src", "127.0.0.1:" + clientPort, "dst",
                    "127.0.0.1:" + listener.getLocalPort()).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ss.waitFor(10, TimeUnit.SECONDS));
            assertEquals(1, out.lines().filter(l -> !l.isBlank()).count(), "the prober's side in TIME_WAIT: " + out);
        }
    }

    @Test
    void closeIsOpenToo() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.CLOSE, 0, 1)) {
            assertEquals(ProbeOutcome.OPEN, probe("127.0.0.1", server.port()).outcome());
        }
    }

    @Test
    void aServerThatResetsIsReset() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.RESET, 0, 1)) {
            for (int i = 0; i < 5; i++) {
                ProbeReading r = probe("127.0.0.1", server.port());
                assertEquals(ProbeOutcome.RESET, r.outcome(), r.toString());
                assertEquals(-1, r.connectNanos());
            }
        }
    }

    @Test
    void aFullAcceptQueueIsATimeout() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.STALL, 0, 1)) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) { // the backlog of 1 takes one or two; then connects hang
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(new InetSocketAddress(LOOPBACK, server.port()), 200);
                    } catch (IOException timedOut) {
                        break;
                    }
                }
                long t0 = System.nanoTime();
                ProbeReading r = probe("127.0.0.1", server.port(), ProbeFamily.AUTO, 300, 1);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(ProbeOutcome.TIMEOUT, r.outcome(), r.toString());
                assertTrue(took >= 290 && took < 2000, "the timeout is the probe's: " + took + " ms");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aClosedPortIsRefusedOnEveryAttempt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        ProbeReading r = probe("127.0.0.1", port, ProbeFamily.AUTO, 1000, 3);
        assertEquals(ProbeOutcome.REFUSED, r.outcome(), r.toString());
        assertEquals(3, r.attempts());
        assertEquals("Connection refused", r.detail());
    }

    @Test
    void ipv6OnLoopback() throws Exception {
        InetAddress v6;
        try {
            v6 = InetAddress.getByName("::1");
            new ServerSocket(0, 1, v6).close();
        } catch (IOException e) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI needs ::1: " + e, e);
            }
            Assumptions.abort("no ::1 here: " + e);
            return;
        }
        try (BuiltInServer server = BuiltInServer.start(v6, 0, ServerMode.HOLD, 0, 1)) {
            ProbeReading r = probe("::1", server.port(), ProbeFamily.IPV6, 1000, 1);
            assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
            assertEquals("[::1]:" + server.port(), r.address());
            assertEquals(ProbeOutcome.OPEN, probe("[::1]", server.port()).outcome(), "brackets as written in an address");
        }
    }

    @Test
    void aNameIsLookedUpAndTimedAndTheFamilyIsHonoured() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            ProbeReading r = probe("localhost", server.port(), ProbeFamily.IPV4, 1000, 1);
            assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
            assertTrue(r.dnsNanos() >= 0, "the lookup is timed on its own: " + r);
            boolean v6 = Arrays.stream(InetAddress.getAllByName("localhost")).anyMatch(a -> a instanceof Inet6Address);
            if (!v6) {
                ProbeReading none = probe("localhost", server.port(), ProbeFamily.IPV6, 1000, 1);
                assertEquals(ProbeOutcome.DNS, none.outcome());
                assertEquals("no IPv6 address for localhost", none.detail());
            }
        }
    }
}
