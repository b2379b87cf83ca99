package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connect rate is the rate at which connections were established, not stretched by one
 * connection that took its whole dial timeout to fail; the rate at which attempts were started is
 * reported beside it.
 *
 * <p>The target is a listener with a full accept queue: it never accepts, and its backlog lets the
 * kernel complete 1,000 handshakes; the SYNs after that are dropped, so those connects time out.
 * The kernel ({@code ss}) tells independently by when all the connections tcpswarm counts were
 * established: the span tcpswarm reports cannot be longer.
 */
@Timeout(60)
class ConnectRateTest {
    private static final int QUEUED = 1000;
    private static final long DIAL_TIMEOUT_MILLIS = 2000;

    @Test
    void oneTimeoutDoesNotDragTheConnectRateDown() throws Exception {
        // The kernel's accept queue holds backlog + 1 connections.
        try (ServerSocket full = new ServerSocket(0, QUEUED - 1, InetAddress.getLoopbackAddress())) {
            int port = full.getLocalPort();
            AtomicLong allSeenNanos = new AtomicLong();
            AtomicLong lastSeen = new AtomicLong();
            long t0 = System.nanoTime();
            Thread watcher = new Thread(() -> {
                try {
                    while (lastSeen.get() < QUEUED && System.nanoTime() - t0 < 10_000_000_000L) {
                        long n = Kernel.clientSockets("established", port);
                        lastSeen.set(n);
                        if (n >= QUEUED) {
                            allSeenNanos.set(System.nanoTime() - t0); // observed by now: an upper bound
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ss-watcher");
            watcher.start();
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(port), "-c", String.valueOf(QUEUED + 2), "-s", "0",
                    "-t", DIAL_TIMEOUT_MILLIS + "ms", "-y", "-i", "0", "--output", "json");
            watcher.join(15_000);
            JsonNode r = new ObjectMapper().readTree(o.out());

            assertEquals(2, o.exit(), o.err());
            long established = r.at("/dial_established").asLong();
            assertEquals(QUEUED, established, "the queue's worth of handshakes: " + r.at("/counts"));
            assertTrue(r.at("/errors_by_reason/timeout").asLong() >= 1, r.at("/errors_by_reason").toString());
            assertTrue(r.at("/dial_span_seconds").asDouble() >= DIAL_TIMEOUT_MILLIS / 1000.0,
                    "the dialing lasted until the timeout: " + r.at("/dial_span_seconds"));

            double kernelSeconds = allSeenNanos.get() / 1e9;
            assertTrue(kernelSeconds > 0, "ss saw all " + QUEUED + " established (last count " + lastSeen + ")");
            double connectSpan = r.at("/connect_span_seconds").asDouble();
            assertTrue(connectSpan > 0 && connectSpan <= kernelSeconds,
                    "established within " + connectSpan + " s, all of them seen by ss within " + kernelSeconds + " s");
            double rate = r.at("/connect_rate_per_second").asDouble();
            assertEquals(established / connectSpan, rate, rate * 1e-9);
            assertTrue(rate >= QUEUED / kernelSeconds, "connect rate " + rate + "/s, the kernel says at least "
                    + QUEUED / kernelSeconds + "/s");

            long attempts = r.at("/attempts").asLong();
            double attemptSpan = r.at("/attempt_span_seconds").asDouble();
            assertEquals(QUEUED + 2, attempts);
            assertTrue(attemptSpan > 0 && attemptSpan < DIAL_TIMEOUT_MILLIS / 1000.0, "starts within " + attemptSpan + " s");
            assertEquals((attempts - 1) / attemptSpan, r.at("/attempt_rate_per_second").asDouble(), 1e-6 * attempts);
        }
    }
}
