package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the scheduler tells the pipeline about the probes under way, against a real loopback
 * listener that accepts and never answers the TLS hello (so a probe stays out until its timeout):
 * while the probe is out, the settled time stays at its start however far the wall clock moves; it
 * moves on only once the result has been handed over. That is what lets a summary wait for a probe
 * that started before its boundary (PeriodBoundaryTest) and go out as soon as it is in.
 */
class ProbeSchedulerSettledTest {

    @Test
    void theSettledTimeStaysAtTheStartOfTheProbeStillOutUntilItsResultIsHandedOver() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 7, 14, 4, 59), ZoneOffset.UTC);
        long started = clock.epochMillis();
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newEventLoopGroup(1, "settled-test");
        ExecutorService resolver = Executors.newSingleThreadExecutor();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = new CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // kept open, never a byte: the TLS handshake waits
                        accepted.complete(null);
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", """
                    services:
                      - {name: hang, address: "tls://127.0.0.1:%d", interval: 2s, timeout: 2s}
                    """.formatted(silent.getLocalPort()));
            CompletableFuture<ProbeResult> first = new CompletableFuture<>();
            List<Long> settledAtHandOver = new CopyOnWriteArrayList<>();
            ProbeScheduler[] scheduler = new ProbeScheduler[1];
            scheduler[0] = new ProbeScheduler(group, new ProbeDialer(transport, resolver), clock, r -> {
                settledAtHandOver.add(scheduler[0].settledEpochMillis());
                first.complete(r);
            });
            assertEquals(started, scheduler[0].settledEpochMillis(), "nothing out: now");
            scheduler[0].update(config.services());
            accepted.get(10, TimeUnit.SECONDS); // the probe is out: connected, its handshake unanswered
            clock.advance(1, TimeUnit.MINUTES);
            assertEquals(started, scheduler[0].settledEpochMillis(),
                    "a minute later on the wall clock, the probe started at 14:04:59 is still out");
            ProbeResult r = first.get(20, TimeUnit.SECONDS);
            assertEquals(started, r.epochMillis(), "the result carries its start");
            assertFalse(r.open(), "the silent listener never completes the handshake: " + r.outcome());
            assertEquals(started, settledAtHandOver.get(0), "while its result is being handed over it still counts as out");
            scheduler[0].stop();
            assertTrue(scheduler[0].awaitIdle(10_000));
            assertEquals(clock.epochMillis(), scheduler[0].settledEpochMillis(), "nothing out: now");
        } finally {
            for (Socket s : held) {
                s.close();
            }
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
            resolver.shutdownNow();
        }
    }
}
