package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The probe path is warmed up before the first probe, with {@code --once} as with the schedule: the
 * warm-up's own probes (on every event loop, by address and by name) have opened before the first
 * service is probed, and that first probe reads no more than later ones do (a generous factor, so a
 * loaded machine's noise does not fail it; a cold path read tens of milliseconds against tenths).
 */
@Timeout(60)
class ProbeWarmUpTest {
    @Test
    void theFirstProbeComesAfterTheWarmUpAndReadsAsTheLaterOnes() throws Exception {
        EventLoopGroup group = Transport.detect().newEventLoopGroup(2, "warm-up-test");
        ExecutorService resolver = Executors.newSingleThreadExecutor();
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", """
                    services:
                      - {name: api, address: "127.0.0.1:%d"}
                    """.formatted(server.port()));
            ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 10, 2, 0), ZoneOffset.UTC);
            TcpProbeSource source = new TcpProbeSource(group, new ProbeDialer(Transport.detect(), resolver), clock);
            assertEquals(0, source.warmUpProbes());
            LinkedBlockingQueue<ProbeResult> results = new LinkedBlockingQueue<>();
            List<Integer> warmedBefore = Collections.synchronizedList(new ArrayList<>());
            source.probeOnce(config.services(), r -> {
                warmedBefore.add(source.warmUpProbes());
                results.add(r);
            });
            ProbeResult first = results.poll(20, TimeUnit.SECONDS);
            assertTrue(first != null && first.open(), String.valueOf(first));
            assertTrue(warmedBefore.get(0) >= 2, "the warm-up probed every event loop before the first probe: "
                    + warmedBefore);
            assertEquals(1, server.accepted(), "the warm-up probes its own listener, never a service");
            List<Long> later = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                int before = source.warmUpProbes();
                source.probeOnce(config.services(), results::add);
                assertTrue(source.warmUpProbes() > before, "each --once round warms up first");
                later.add(results.poll(20, TimeUnit.SECONDS).connectNanos());
            }
            Collections.sort(later);
            long median = later.get(later.size() / 2);
            assertTrue(first.connectNanos() <= Math.max(10 * median, TimeUnit.MILLISECONDS.toNanos(25)),
                    "first " + first.connectNanos() / 1e6 + " ms against a median of " + median / 1e6 + " ms later");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            resolver.shutdownNow();
        }
    }
}
