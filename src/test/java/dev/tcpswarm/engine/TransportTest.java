package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Choosing a transport, and real runs over each one: every connection dialed exactly once, and what
 * the server does to a connection later (send, then close or reset) seen, although with the native
 * transports nothing reads until the peer ends the connection.
 */
@Timeout(60)
class TransportTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final IOException REFUSED = new IOException("failed to create io_uring ring fd: Operation not permitted");

    // --- choosing --------------------------------------------------------------------------

    @Test
    void autoTakesEpollWhereItLoadsAndSaysNothing() {
        Transport.Choice c = Transport.choose("auto", kind -> null);
        assertEquals("epoll", c.transport().name());
        assertNull(c.fallbackNote());
    }

    @Test
    void autoWithoutNativeTransportsIsNioAndSaysNothing() {
        Transport.Choice c = Transport.choose("auto", kind -> kind == Transport.Kind.NIO ? null : REFUSED);
        assertSame(Transport.nio(), c.transport());
        assertNull(c.fallbackNote());
    }

    @Test
    void aNamedTransportIsUsedWhenItLoads() {
        for (String name : List.of("epoll", "io_uring", "nio", "IO_URING")) {
            Transport.Choice c = Transport.choose(name, kind -> null);
            assertEquals(name.toLowerCase(java.util.Locale.ROOT), c.transport().name());
            assertNull(c.fallbackNote(), name);
        }
    }

    @Test
    void ioUringRefusedFallsBackToEpollWithOneLineSayingWhy() {
        Transport.Choice c = Transport.choose("io_uring", kind -> kind == Transport.Kind.IO_URING
                ? new IllegalStateException("probe failed", REFUSED) : null);
        assertEquals("epoll", c.transport().name());
        assertEquals("io_uring is not available here (failed to create io_uring ring fd: Operation not permitted): "
                + "using epoll instead", c.fallbackNote());
    }

    @Test
    void epollRefusedFallsBackToNio() {
        Transport.Choice c = Transport.choose("epoll", kind -> kind == Transport.Kind.NIO ? null
                : new UnsatisfiedLinkError("no netty_transport_native_epoll_x86_64"));
        assertSame(Transport.nio(), c.transport());
        assertEquals("epoll is not available here (no netty_transport_native_epoll_x86_64): using nio instead",
                c.fallbackNote());
    }

    @Test
    void anUnknownNameIsRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transport.choose("kqueue", kind -> null));
        assertEquals("'kqueue' is not a transport: use one of auto, epoll, io_uring, nio", e.getMessage());
    }

    @Test
    void onlyNioNeedsToReadToSeeAPeerClose() {
        assertTrue(Transport.of(Transport.Kind.EPOLL).seesPeerCloseWithoutReading());
        assertTrue(Transport.of(Transport.Kind.IO_URING).seesPeerCloseWithoutReading());
        assertTrue(!Transport.nio().seesPeerCloseWithoutReading());
        assertNull(Transport.nio().bindSourceWithoutPortOption());
    }

    // --- running over each -----------------------------------------------------------------

    /** The transport of that kind; fails in CI where it does not load here, skips elsewhere. */
    static Transport loaded(Transport.Kind kind) {
        Throwable cause = Transport.unavailabilityCause(kind);
        if (cause != null) {
            String why = kind.label() + " does not load here: " + cause;
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return Transport.of(kind);
    }

    static LoadPlan plan(int port, int connections, long holdNanos) {
        return new LoadPlan(new Target("127.0.0.1", port, new InetSocketAddress(LOOPBACK, port)), connections, 0, 5000,
                holdNanos, false, 0, CloseMode.RST, List.of(), 2);
    }

    static RunResult run(Transport transport, LoadPlan plan) throws Exception {
        try (LoadRun run = new LoadRun(plan, transport, DialObserver.NONE, 0)) {
            return run.execute(new RunControl());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void everyConnectionIsDialedExactlyOnce(Transport.Kind kind) throws Exception {
        Transport transport = loaded(kind);
        try (BuiltInServer server = BuiltInServer.start(transport, LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            RunResult result = run(transport, plan(server.port(), 1500, 0));
            TrackerTotals t = result.totals();
            assertEquals(1500, t.attempts());
            assertEquals(1500, t.everEstablished());
            assertEquals(0, result.counts().error());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.accepted() < 1500 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(1500, server.accepted(), "the server's own count");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void aServerThatSendsAndThenClosesIsSeenClosingEveryConnection(Transport.Kind kind) throws Exception {
        assertEverySeenClosed(kind, false);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.Kind.class, names = {"EPOLL", "NIO"})
    void aServerThatSendsAndThenResetsIsSeenResettingEveryConnection(Transport.Kind kind) throws Exception {
        assertEverySeenClosed(kind, true);
    }

    /** All 200 established, then all closed by the server, each counted as reset when it was one. */
    private static void assertEverySeenClosed(Transport.Kind kind, boolean reset) throws Exception {
        RunResult result = runAgainstBannerServer(loaded(kind), 200, reset);
        assertEquals(200, result.totals().everEstablished());
        assertEquals(List.of(200L, 0L, reset ? 200L : 0L), List.of(result.counts().closed(),
                result.counts().established(), result.totals().closedByReset()),
                "closed, still established, closed by reset; on " + kind);
    }

    /**
     * Netty 4.2.18's io_uring transport misses a reset that follows data from the server: the
     * connection stays established as far as tcpswarm can tell (docs/performance.md; the reason
     * io_uring is not auto's choice). Pinned here so that a Netty that fixes it fails this test, and
     * io_uring joins the test above.
     */
    @Test
    void ioUringMissesAResetThatFollowsData() throws Exception {
        RunResult result = runAgainstBannerServer(loaded(Transport.Kind.IO_URING), 200, true);
        assertEquals(200, result.totals().everEstablished());
        assertTrue(result.totals().closedByReset() < 100, "resets seen: " + result.totals().closedByReset());
        assertTrue(result.counts().established() > 100, "still established: " + result.counts().established());
    }

    /**
     * {@code n} connections held for a second against a server that, once all of them are
     * established, sends each one a line and then closes it (FIN) or resets it (RST).
     */
    static RunResult runAgainstBannerServer(Transport transport, int n, boolean reset) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (BannerServer server = new BannerServer(n);
                LoadRun run = new LoadRun(plan(server.port(), n, TimeUnit.SECONDS.toNanos(1)), transport,
                        DialObserver.NONE, 0)) {
            Future<RunResult> result = runner.submit(() -> run.execute(new RunControl()));
            run.tracker().allResolved().get(10, TimeUnit.SECONDS);
            assertEquals(n, run.tracker().counts().established(), "all established before the server answers");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.accepted() < n && System.nanoTime() < until) { // the kernel's accept queue drained
                Thread.sleep(5);
            }
            assertEquals(n, server.accepted(), "accepted by the server before it answers");
            server.answerAll(reset);
            return result.get(10, TimeUnit.SECONDS);
        } finally {
            runner.shutdownNow();
        }
    }

    /** Accepts connections; on request sends each a line and then closes (FIN) or resets (RST) it. */
    static final class BannerServer implements AutoCloseable {
        private final ServerSocketChannel listener;
        private final List<SocketChannel> held = new ArrayList<>();
        private final Thread acceptor;

        BannerServer(int backlog) throws IOException {
            listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0), backlog);
            acceptor = new Thread(this::acceptAll, "banner-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        }

        int accepted() {
            synchronized (held) {
                return held.size();
            }
        }

        private void acceptAll() {
            try {
                while (true) {
                    SocketChannel c = listener.accept();
                    synchronized (held) {
                        held.add(c);
                    }
                }
            } catch (IOException e) {
                // the listener was closed
            }
        }

        void answerAll(boolean reset) throws IOException {
            ByteBuffer banner = ByteBuffer.wrap("220 hello\r\n".getBytes(StandardCharsets.US_ASCII));
            synchronized (held) {
                for (SocketChannel c : held) {
                    c.write(banner.duplicate());
                    if (reset) {
                        c.setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                    c.close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (held) {
                for (SocketChannel c : held) {
                    c.close();
                }
            }
        }
    }
}
