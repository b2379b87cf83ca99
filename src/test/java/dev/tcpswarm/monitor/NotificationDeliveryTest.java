package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert delivery against real receivers: the JDK's HTTP server (failing, then accepting) and a real
 * program run without a shell. The pipeline (MonitorCore, manual clock) decides; the notifier
 * delivers on its own thread and reports each outcome back, as the running monitor does.
 */
@Timeout(30)
class NotificationDeliveryTest {
    private final ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 14, 0), ZoneOffset.UTC);
    private final BlockingQueue<NotificationOutcome> outcomes = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private HttpServer server;
    private Notifier notifier;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    /** A webhook receiver on loopback that answers {@code failures} requests with {@code status}, then 200. */
    private String receiver(int failures, int status, long delayMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger seen = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(seen.incrementAndGet() <= failures ? status : 200, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (notifier != null) {
            notifier.close(0);
        }
    }

    private MonitorCore core(String url, int retries, List<String> extraArgv) throws Exception {
        MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", """
                services:
                  - {name: db, address: "127.0.0.1:1001", labels: {team: data}}
                alerts:
                  - {name: db-down, target: db, when: down, channels: [hook, run, stdout]}
                channels:
                  hook: {type: webhook, url: "%s", retries: %d, backoff: 20ms, timeout: 6s}
                  run: {type: command, argv: %s}
                """.formatted(url, retries, new ObjectMapper().writeValueAsString(extraArgv)));
        PeriodStats stats = new PeriodStats();
        notifier = new Notifier(out, clock, line -> out.println("LOG " + line), outcomes::add);
        Listeners sinks = new Listeners(err).add(stats).add(new ConsoleOutput(out, err, stats, clock))
                .add(new MonitorMetrics(registry)).add(notifier);
        MonitorCore core = new MonitorCore(config, clock, sinks);
        core.start();
        return core;
    }

    private void probe(MonitorCore core, boolean open) {
        core.onResult(open ? Results.open("db", clock, 1) : Results.failed("db", clock, ProbeOutcome.TIMEOUT));
        clock.advance(2, TimeUnit.SECONDS);
        core.tick();
    }

    /** Waits for the outcome of {@code channel}, handing every outcome to the pipeline as the monitor does. */
    private NotificationOutcome awaitOutcome(MonitorCore core, String channel) throws InterruptedException {
        while (true) {
            NotificationOutcome o = outcomes.poll(10, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("no outcome for " + channel);
            }
            core.onNotification(o);
            if (o.channel().equals(channel)) {
                return o;
            }
        }
    }

    private double notifications(String channel, String outcome) {
        for (var s : registry.scrape()) {
            if (s instanceof CounterSnapshot c && c.getMetadata().getName().equals("tcpswarm_monitor_notifications")) {
                for (var d : c.getDataPoints()) {
                    if (d.getLabels().get("channel").equals(channel) && d.getLabels().get("outcome").equals(outcome)) {
                        return d.getValue();
                    }
                }
            }
        }
        return 0;
    }

    @Test
    void aWebhookThatFailsTwiceIsRetriedThenGetsTheRecoveryToo() throws Exception {
        MonitorCore core = core(receiver(2, 500, 0), 3, List.of("/usr/bin/true"));
        probe(core, true);
        for (int i = 0; i < 3; i++) {
            probe(core, false);
        }
        NotificationOutcome firing = awaitOutcome(core, "hook");
        assertTrue(firing.delivered(), firing.toString());
        assertEquals(3, firing.attempts(), "two failures, then accepted");
        assertEquals(3, bodies.size());
        JsonNode json = new ObjectMapper().readTree(bodies.get(2));
        assertEquals("firing", json.get("event").asText());
        assertEquals("db-down", json.get("alert").asText());
        assertEquals("down", json.get("state").asText());
        assertEquals("db DOWN (3 consecutive timeouts)", json.get("message").asText());
        assertEquals("data", json.at("/labels/team").asText());
        assertEquals(bodies.get(0), bodies.get(2), "a retry sends the same notification");

        probe(core, true);
        probe(core, true);
        NotificationOutcome resolved = awaitOutcome(core, "hook");
        assertTrue(resolved.delivered());
        assertEquals(1, resolved.attempts());
        JsonNode recovery = new ObjectMapper().readTree(bodies.get(3));
        assertEquals("resolved", recovery.get("event").asText());
        assertEquals("db UP (open in 1.0 ms)", recovery.get("message").asText());
        assertEquals(2, notifications("hook", "sent"));
        assertEquals(2, notifications("hook", "retry"));
        assertEquals(0, notifications("hook", "failed"));
        String console = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("ALERT db-down FIRING: db DOWN (3 consecutive timeouts)"), console);
        assertTrue(console.contains("ALERT db-down RESOLVED: db UP (open in 1.0 ms)"), console);
    }

    @Test
    void aWebhookThatKeepsFailingIsCountedAndReported() throws Exception {
        MonitorCore core = core(receiver(100, 503, 0), 2, List.of("/usr/bin/true"));
        for (int i = 0; i < 3; i++) {
            probe(core, false);
        }
        NotificationOutcome o = awaitOutcome(core, "hook");
        assertEquals(false, o.delivered());
        assertEquals(3, o.attempts());
        assertEquals("HTTP 503", o.error());
        assertEquals(1, notifications("hook", "failed"));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains(
                "notification db-down FIRING via hook failed after 3 attempts: HTTP 503"), stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void deliveryNeverHoldsThePipelineAndCommandsRunWithoutAShell() throws Exception {
        Path marker = dir.resolve("marker");
        MonitorCore core = core(receiver(0, 200, 1500), 0,
                List.of("/usr/bin/touch", marker + "-{alert}-{state}-{event}", dir.resolve("{reason}").toString()));
        probe(core, false);
        probe(core, false);
        core.onResult(Results.failed("db", clock, ProbeOutcome.TIMEOUT));
        clock.advance(2, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        core.tick(); // fires: the webhook's receiver takes 1.5 s to answer
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(tookMillis < 500, "the pipeline went on at once: " + tookMillis + " ms");
        NotificationOutcome run = awaitOutcome(core, "run");
        assertTrue(run.delivered(), run.toString());
        assertTrue(Files.exists(dir.resolve("marker-db-down-DOWN-firing")), "placeholders filled in");
        assertTrue(Files.exists(dir.resolve("db DOWN (3 consecutive timeouts)")), "one argument, spaces and all: no shell");
        assertTrue(awaitOutcome(core, "hook").delivered());
    }
}
