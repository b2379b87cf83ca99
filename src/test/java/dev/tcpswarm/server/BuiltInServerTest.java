package dev.tcpswarm.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcpswarm.cli.Kernel;
import dev.tcpswarm.engine.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each server mode as a client sees it, on real loopback sockets, on every transport available here. */
@Timeout(30)
class BuiltInServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    static Stream<Transport> transports() {
        return Transport.available().stream();
    }

    /** Polls {@code condition} every 10 ms for up to 5 s. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    private static Socket connect(BuiltInServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server.localAddress(), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static void closeAll(List<? extends AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void portZeroYieldsARealPort() throws IOException {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1);
                Socket client = connect(server)) {
            assertTrue(server.port() > 0 && server.port() <= 65535, "port " + server.port());
            assertEquals(server.port(), server.localAddress().getPort());
            assertEquals(LOOPBACK, server.localAddress().getAddress());
            assertTrue(client.isConnected());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void holdKeepsTheConnectionOpenAndCountsIt(Transport transport) throws IOException {
        try (BuiltInServer server = BuiltInServer.start(transport, LOOPBACK, 0, ServerMode.HOLD, 0, 2)) {
            Socket client = connect(server);
            awaitTrue("open 1", () -> server.openNow() == 1);
            // Input is read and discarded; the connection stays open.
            client.getOutputStream().write(new byte[10_000]);
            client.getOutputStream().flush();
            client.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
            assertEquals(new ServerCounts(1, 1, 1, 0), server.counts());

            client.close();
            awaitTrue("open 0", () -> server.openNow() == 0);
            assertEquals(new ServerCounts(1, 0, 1, 0), server.counts());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void closeSendsEndOfStream(Transport transport) throws IOException {
        try (BuiltInServer server = BuiltInServer.start(transport, LOOPBACK, 0, ServerMode.CLOSE, 0, 2);
                Socket client = connect(server)) {
            assertEquals(-1, client.getInputStream().read());
            awaitTrue("closed on the server", () -> server.accepted() == 1 && server.openNow() == 0);
            assertEquals(0, server.rejected());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void resetAbortsTheConnection(Transport transport) throws IOException {
        try (BuiltInServer server = BuiltInServer.start(transport, LOOPBACK, 0, ServerMode.RESET, 0, 2)) {
            // Usually the first read sees the reset; when the reset arrives before the client's
            // connect call has returned, the connect itself fails with it.
            SocketException e = assertThrows(SocketException.class, () -> {
                try (Socket client = connect(server)) {
                    client.getInputStream().read();
                }
            });
            assertTrue(String.valueOf(e.getMessage()).contains("Connection reset"), e.toString());
            awaitTrue("closed on the server", () -> server.accepted() == 1 && server.openNow() == 0);
            assertEquals(0, server.rejected(), "a reset by mode is not a rejection");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void echoSendsBackWhatArrives(Transport transport) throws Exception {
        try (BuiltInServer server = BuiltInServer.start(transport, LOOPBACK, 0, ServerMode.ECHO, 0, 2);
                Socket client = connect(server)) {
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("hello", new String(in.readNBytes(5), StandardCharsets.US_ASCII));

            // More than the socket buffers hold, written while reading, to exercise back-pressure.
            byte[] sent = new byte[4 << 20];
            new Random(42).nextBytes(sent);
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    out.write(sent);
                    out.flush();
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            }, "echo-writer");
            writer.setDaemon(true);
            writer.start();
            byte[] received = in.readNBytes(sent.length);
            writer.join(READ_TIMEOUT_MILLIS);
            assertEquals(null, writeFailure.get());
            assertArrayEquals(sent, received);
            assertEquals(1, server.openNow());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void stallLetsConnectsTimeOutOnceTheBacklogIsFull(Transport transport) throws IOException {
        List<Socket> clients = new ArrayList<>();
        int connected = 0;
        int timedOut = 0;
        try (BuiltInServer server = BuiltInServer.start(transport, LOOPBACK, 0, ServerMode.STALL, 0, 1)) {
            for (int i = 0; i < 5; i++) {
                Socket client = new Socket();
                clients.add(client);
                try {
                    client.connect(server.localAddress(), 300);
                    connected++;
                } catch (SocketTimeoutException e) {
                    timedOut++;
                }
            }
            assertTrue(timedOut >= 1, "connected " + connected + ", timed out " + timedOut);
            assertEquals(0, server.accepted(), "stall never accepts");
        } finally {
            closeAll(clients);
        }
    }

    /** How a held-or-not client looks from its side, read without blocking. */
    private enum ClientView { OPEN, EOF, RESET }

    private static ClientView look(SocketChannel client) {
        try {
            int n = client.read(ByteBuffer.allocate(1));
            return n < 0 ? ClientView.EOF : ClientView.OPEN;
        } catch (IOException e) {
            return ClientView.RESET;
        }
    }

    private static SocketChannel connectNonBlocking(BuiltInServer server) throws IOException {
        SocketChannel client = SocketChannel.open(server.localAddress());
        client.configureBlocking(false);
        return client;
    }

    /**
     * Connects a client the server may reset at once. Returns null when the reset came before the
     * connect call returned, which makes the connect itself fail.
     */
    private static SocketChannel connectOrSeeReset(BuiltInServer server) throws IOException {
        try {
            return connectNonBlocking(server);
        } catch (SocketException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("Connection reset"), e.toString());
            return null;
        }
    }

    /**
     * Waits until {@code expectedResets} of the clients have seen a reset (a null client saw it
     * while connecting), then returns the open ones.
     */
    private static List<SocketChannel> openAfterResets(List<SocketChannel> clients, int expectedResets) {
        List<SocketChannel> open = new ArrayList<>();
        List<SocketChannel> pending = new ArrayList<>();
        int resets = 0;
        for (SocketChannel client : clients) {
            if (client == null) {
                resets++;
            } else {
                pending.add(client);
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (resets < expectedResets && System.nanoTime() < deadline) {
            for (SocketChannel client : new ArrayList<>(pending)) {
                ClientView view = look(client);
                if (view != ClientView.OPEN) {
                    assertEquals(ClientView.RESET, view);
                    pending.remove(client);
                    resets++;
                }
            }
            if (resets < expectedResets) {
                sleep(10);
            }
        }
        assertEquals(expectedResets, resets, "clients reset");
        for (SocketChannel client : pending) {
            assertEquals(ClientView.OPEN, look(client));
            open.add(client);
        }
        return open;
    }

    @Test
    void maxConnectionsHoldsExactlyTheLimitAndResetsTheRest() throws IOException {
        List<SocketChannel> clients = new ArrayList<>();
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 50, 2)) {
            for (int i = 0; i < 60; i++) {
                clients.add(connectOrSeeReset(server));
            }
            awaitTrue("60 accepted", () -> server.accepted() == 60);
            assertEquals(new ServerCounts(60, 50, 50, 10), server.counts());
            List<SocketChannel> held = openAfterResets(clients, 10);
            assertEquals(50, held.size());

            // Closing five held clients makes room for five new ones.
            List<SocketChannel> leaving = held.subList(0, 5);
            closeAll(leaving);
            awaitTrue("open 45", () -> server.openNow() == 45);
            List<SocketChannel> newcomers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                SocketChannel client = connectNonBlocking(server);
                clients.add(client);
                newcomers.add(client);
            }
            awaitTrue("65 accepted", () -> server.accepted() == 65);
            assertEquals(new ServerCounts(65, 50, 50, 10), server.counts());
            sleep(50);
            for (SocketChannel client : newcomers) {
                assertEquals(ClientView.OPEN, look(client));
            }

            // One more is one too many.
            SocketChannel extra = connectOrSeeReset(server);
            clients.add(extra);
            assertEquals(0, openAfterResets(Collections.singletonList(extra), 1).size());
            assertEquals(new ServerCounts(66, 50, 50, 11), server.counts());
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void listensOnIpv6Loopback() throws IOException {
        InetAddress ipv6 = Kernel.ipv6LoopbackOrSkip();
        try (BuiltInServer server = BuiltInServer.start(ipv6, 0, ServerMode.ECHO, 0, 1);
                Socket client = new Socket()) {
            assertTrue(server.localAddress().getAddress() instanceof Inet6Address);
            client.connect(new InetSocketAddress(ipv6, server.port()), READ_TIMEOUT_MILLIS);
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            client.getOutputStream().write(7);
            assertEquals(7, client.getInputStream().read());
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void countsTwoThousandHeldConnections() throws IOException {
        List<SocketChannel> clients = new ArrayList<>();
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 2)) {
            for (int i = 0; i < 2_000; i++) {
                clients.add(SocketChannel.open(server.localAddress()));
            }
            awaitTrue("2000 open", () -> server.openNow() == 2_000);
            assertEquals(new ServerCounts(2_000, 2_000, 2_000, 0), server.counts());
            closeAll(clients);
            awaitTrue("0 open", () -> server.openNow() == 0);
            assertEquals(new ServerCounts(2_000, 0, 2_000, 0), server.counts());
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void aPortInUseFailsWithTheSystemsReason() throws IOException {
        try (BuiltInServer first = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            IOException e = assertThrows(IOException.class,
                    () -> BuiltInServer.start(LOOPBACK, first.port(), ServerMode.HOLD, 0, 1));
            assertEquals("Address already in use", e.getMessage());
        }
    }

    @Test
    void closeIsQuickAndIdempotent() throws IOException {
        List<SocketChannel> clients = new ArrayList<>();
        BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 2);
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(connectNonBlocking(server));
            }
            awaitTrue("100 open", () -> server.openNow() == 100);
            long started = System.nanoTime();
            server.close();
            server.close();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 2_000, "close took " + millis + " ms");
            // The clients see their connections end.
            awaitTrue("every client sees its connection end",
                    () -> clients.stream().noneMatch(client -> look(client) == ClientView.OPEN));
            assertThrows(IOException.class, () -> SocketChannel.open(server.localAddress()).close());
        } finally {
            server.close();
            closeAll(clients);
        }
    }

    @Test
    void modesParseInAnyCase() {
        assertEquals(ServerMode.STALL, ServerMode.parse("Stall"));
        assertEquals(ServerMode.HOLD, ServerMode.parse(" hold "));
        assertEquals("echo", ServerMode.ECHO.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerMode.parse("drop"));
        assertTrue(e.getMessage().contains("hold, close, reset, echo or stall"), e.getMessage());
    }

    @Test
    void systemReasonDropsTheNativeCall() {
        assertEquals("Address already in use", BuiltInServer.systemReason(
                new IOException("bind(..) failed with error(-98): Address already in use")));
        assertEquals("Cannot assign requested address",
                BuiltInServer.systemReason(new IOException("Cannot assign requested address")));
        assertEquals("IOException", BuiltInServer.systemReason(new IOException()));
    }
}
