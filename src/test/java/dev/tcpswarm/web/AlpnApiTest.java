package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.tls.OpensslServer;
import dev.tcpswarm.engine.tls.TestCertificates;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import dev.tcpswarm.store.StoreReader;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol ALPN chose, in a TLS service's {@code last_probe}: the config's {@code alpn} list is
 * offered in a real handshake with openssl s_server (which chooses {@code h2}), and the API says
 * what was chosen; a service that offers none has {@code alpn: null}.
 */
class AlpnApiTest {
    @TempDir
    Path dir;

    @Test
    void theChosenProtocolIsInTheLastProbe() throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 7, 3, 0), ZoneOffset.UTC);
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newEventLoopGroup(1, "alpn-api-test");
        ExecutorService resolver = Executors.newSingleThreadExecutor();
        try (OpensslServer server = OpensslServer.start(dir, certs.valid(), "-alpn", "h2,http/1.1");
                StoreReader reader = StoreReader.open(dir.resolve("s.db"), true)) {
            MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", """
                    services:
                      - name: api
                        address: "localhost:%d"
                        tls: {ca_file: "%s", alpn: [h2, http/1.1]}
                      - name: plain
                        address: "localhost:%d"
                        tls: {ca_file: "%s"}
                    """.formatted(server.port(), certs.ca(), server.port(), certs.ca()));
            StatusBoard board = new StatusBoard(Resume.NONE);
            MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(board));
            StatusApi api = new StatusApi(board, reader, clock);
            core.start();
            ProbeDialer dialer = new ProbeDialer(transport, resolver);
            for (String name : List.of("api", "plain")) {
                ServiceConfig service = config.service(name).orElseThrow();
                CompletableFuture<ProbeReading> done = new CompletableFuture<>();
                dialer.probe(group.next(), service.probeRequest(), done::complete);
                ProbeReading reading = done.get(20, TimeUnit.SECONDS);
                core.onResult(ProbeResult.of(name, 0, 0, clock.epochMillis(), reading));
            }
            ObjectNode services = api.services();
            assertEquals("open", services.at("/services/0/last_probe/outcome").asText(), services.toString());
            assertEquals("h2", services.at("/services/0/last_probe/alpn").asText(), services.toString());
            assertTrue(services.at("/services/0/last_probe/tls_ms").asDouble() > 0, services.toString());
            assertEquals("open", services.at("/services/1/last_probe/outcome").asText(), services.toString());
            assertTrue(services.at("/services/1/last_probe/alpn").isNull(), "none offered: " + services);
        } finally {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
            resolver.shutdownNow();
        }
    }
}
