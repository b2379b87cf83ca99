package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that closes some connections in the middle of a {@code --hold}: tcpswarm counts them
 * Closed (still a success) with how long each lived, and with {@code --reconnect} opens them again
 * so the server holds N once more before the hold ends.
 */
@Timeout(90)
class ServerClosesDuringHoldTest {
    private static final int N = 1000;
    private static final int CLOSED_BY_SERVER = 300;
    private static final long CLOSE_AFTER_MILLIS = 500;

    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopRunner() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void connectionsTheServerClosesDuringTheHoldAreClosedWithTheirLifetime() throws Exception {
        try (ClosingServer server = new ClosingServer()) {
            Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(server.port()), "-c",
                    String.valueOf(N), "-s", "0", "--hold", "3s", "-y", "-i", "0", "--output", "json"));
            Kernel.awaitEquals(N, server::accepted, 30, "accepted before the hold");
            Thread.sleep(CLOSE_AFTER_MILLIS);
            assertFalse(run.isDone(), "still holding");
            server.closeOldest(CLOSED_BY_SERVER);

            Cli.Outcome o = run.get(30, TimeUnit.SECONDS);
            JsonNode r = new ObjectMapper().readTree(o.out());
            assertEquals(0, o.exit(), "closed by the server still counts as established: " + o.out() + o.err());
            assertEquals(N, r.at("/established_total").asLong());
            assertEquals(CLOSED_BY_SERVER, r.at("/counts/closed").asLong());
            assertEquals(N - CLOSED_BY_SERVER, r.at("/counts/established").asLong());
            assertEquals(0, r.at("/counts/error").asLong());
            assertEquals(0, r.at("/closed_by_reset").asLong(), "closed with FIN, not reset");
            assertEquals(0, r.at("/reopened").asLong(), "no --reconnect, no reopening");
            assertEquals(N, r.at("/attempts").asLong());
            assertEquals(N, server.accepted());
            JsonNode ttc = r.at("/time_to_close_ms");
            assertEquals(CLOSED_BY_SERVER, ttc.at("/count").asLong(), ttc.toString());
            // Each lived at least from its own establishment (before the server accepted all N) to
            // the server's close, CLOSE_AFTER_MILLIS later; and less than the run itself.
            assertTrue(ttc.at("/min").asDouble() >= CLOSE_AFTER_MILLIS - 20, ttc.toString());
            assertTrue(ttc.at("/max").asDouble() < r.at("/wall_seconds").asDouble() * 1000, ttc.toString());
        }
    }

    @Test
    void withReconnectTheClosedOnesAreReopenedAndTheServerHoldsNAgain() throws Exception {
        try (ClosingServer server = new ClosingServer()) {
            int port = server.port();
            Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(port), "-c",
                    String.valueOf(N), "-s", "0", "--hold", "4s", "--reconnect", "-y", "-i", "0", "--output", "json"));
            Kernel.awaitEquals(N, server::accepted, 30, "accepted before the hold");
            long allAccepted = System.nanoTime();
            Thread.sleep(CLOSE_AFTER_MILLIS);
            server.closeOldest(CLOSED_BY_SERVER);

            Kernel.awaitEquals(N + CLOSED_BY_SERVER, server::accepted, 10, "accepted, reopens included");
            // Late in the hold (it ends about 4 s after all were accepted), the server again holds N,
            // as the kernel sees it on both sides.
            long lateInHold = allAccepted + TimeUnit.MILLISECONDS.toNanos(2500);
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(lateInHold - System.nanoTime())));
            long serverSide = Kernel.serverSockets("established", port);
            long clientSide = Kernel.clientSockets("established", port);
            assertFalse(run.isDone(), "the hold is still on");
            assertEquals(N, server.holding(), "held by the server");
            assertEquals(N, serverSide, "ss: server sockets established");
            assertEquals(N, clientSide, "ss: client sockets established");

            Cli.Outcome o = run.get(30, TimeUnit.SECONDS);
            JsonNode r = new ObjectMapper().readTree(o.out());
            assertEquals(CLOSED_BY_SERVER, r.at("/reopened").asLong(), r.toString());
            assertEquals(0, r.at("/reopen_failed").asLong());
            assertEquals(N + CLOSED_BY_SERVER, r.at("/attempts").asLong());
            assertEquals(N + CLOSED_BY_SERVER, r.at("/established_total").asLong());
            assertEquals(N, r.at("/counts/established").asLong(), "N open at the end");
            assertEquals(0, r.at("/counts/closed").asLong(), "every closed one was reopened");
            assertEquals(CLOSED_BY_SERVER, r.at("/time_to_close_ms/count").asLong());
            assertTrue(r.at("/time_to_close_ms/min").asDouble() >= CLOSE_AFTER_MILLIS - 20, r.toString());
            assertEquals(N + CLOSED_BY_SERVER, server.accepted(), "no more than one reopen per close");
            // Every slot was established and nothing failed: a success, like the run without --reconnect.
            assertTrue(r.at("/all_established").asBoolean(), "all_established with reopens: " + r.at("/counts"));
            assertEquals(0, o.exit(), "exit code of a run where every slot was established and none failed");
        }
    }

    /**
     * A plain blocking server that holds every connection it accepts and closes (FIN) the oldest
     * ones when the test says so: the test decides exactly which close and when.
     */
    static final class ClosingServer implements AutoCloseable {
        private final ServerSocketChannel listener;
        private final List<SocketChannel> accepted = new ArrayList<>();
        private final Thread acceptor;
        private int closed;

        ClosingServer() throws IOException {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            acceptor = new Thread(this::acceptLoop, "closing-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            try {
                while (true) {
                    SocketChannel c = listener.accept();
                    synchronized (this) {
                        accepted.add(c);
                    }
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        int port() {
            return listener.socket().getLocalPort();
        }

        synchronized long accepted() {
            return accepted.size();
        }

        /** Accepted and not closed by this server. */
        synchronized long holding() {
            return accepted.size() - closed;
        }

        /** Closes, in order of acceptance, the first {@code n} still open. */
        synchronized void closeOldest(int n) throws IOException {
            for (int i = closed; i < closed + n; i++) {
                accepted.get(i).close();
            }
            closed += n;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                for (SocketChannel c : accepted) {
                    c.close();
                }
            }
        }
    }
}
