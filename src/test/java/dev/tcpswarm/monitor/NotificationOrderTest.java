package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receiver's last word is the alert's last state: a running monitor, a real service whose port
 * is closed for 2 s, and a webhook that fails its first 2 deliveries. The FIRING's retry is still
 * waiting when the RESOLVED comes, so it is dropped (counted as superseded) instead of arriving
 * after the recovery. No bound on time is asserted: the backoff (1 s, then 2 s) leaves the recovery
 * well inside the FIRING's retries, whatever the machine's load.
 */
@Timeout(60)
class NotificationOrderTest {
    @Test
    void aRetriedFiringNeverArrivesAfterItsResolved() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String event = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()).get("event").asText();
            int status = requests.incrementAndGet() <= 2 ? 500 : 200;
            received.add(status + " " + event);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        BuiltInServer service = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
        int port = service.port();
        MonitorConfig config = new ConfigReader(List.of()).read("order.yaml", """
                defaults: {interval: 100ms, timeout: 500ms}
                services:
                  - {name: db, address: "127.0.0.1:%d"}
                alerts:
                  - {name: db-down, target: db, when: down, channels: [hook]}
                channels:
                  hook: {type: webhook, url: "http://127.0.0.1:%d/hook", retries: 3, backoff: 1s, timeout: 5s}
                """.formatted(port, receiver.getAddress().getPort()));
        PrometheusRegistry registry = new PrometheusRegistry();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        AtomicReference<ServiceState> db = new AtomicReference<>(ServiceState.UNKNOWN);
        MonitorListener states = new MonitorListener() {
            @Override
            public void stateChanged(StateChange change) {
                db.set(change.to());
            }
        };
        Monitor monitor = new Monitor(config, MonitorClock.SYSTEM, Transport.detect(), 1, quiet, quiet, registry,
                List.of(states));
        try {
            monitor.start();
            awaitTrue(() -> db.get() == ServiceState.UP, "db UP");
            service.close(); // the port is closed for 2 s: db goes DOWN, the alert fires, the webhook fails
            awaitTrue(() -> !received.isEmpty(), "the FIRING's first delivery");
            Thread.sleep(2000);
            service = BuiltInServer.start(InetAddress.getLoopbackAddress(), port, ServerMode.HOLD, 0, 1);
            awaitTrue(() -> received.contains("200 resolved"), "the RESOLVED delivered");
        } finally {
            monitor.close(); // lets deliveries under way finish first
            service.close();
            receiver.stop(0);
        }
        assertEquals("200 resolved", received.get(received.size() - 1), "the receiver's last word: " + received);
        assertEquals(List.of(), received.subList(received.indexOf("200 resolved") + 1, received.size()),
                "nothing after the recovery: " + received);
        assertTrue(scrape(registry, "tcpswarm_monitor_notifications_total{channel=\"hook\",outcome=\"superseded\"}") >= 1,
                "the dropped FIRING is counted");
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Condition c, String what) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.holds()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static double scrape(PrometheusRegistry registry, String series) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(out.toString(StandardCharsets.UTF_8));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
