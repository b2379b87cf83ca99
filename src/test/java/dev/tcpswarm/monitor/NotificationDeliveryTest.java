package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.notify.ChannelContext;
import dev.tcpswarm.notify.Deliveries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
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
 * delivers on its own thread and reports each outcome back, as the running monitor does. Nothing
 * here depends on how fast the machine is: the retries' backoff runs on a timer the test drives, and
 * a slow receiver is one that holds its answer until the test lets it go.
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
    private final ManualTimer timer = new ManualTimer();
    private final CountDownLatch answer = new CountDownLatch(1);
    private final CountDownLatch requested = new CountDownLatch(1);
    private ConsoleWriter console;
    private HttpServer server;
    private Notifier notifier;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    /** The {@code Retry-After} the receiver's failures carry; null for none. */
    private volatile String retryAfter;

    @TempDir
    Path dir;

    /**
     * A webhook receiver on loopback that answers {@code failures} requests with {@code status}, then
     * 200; when {@code held}, it answers only once the test counts {@link #answer} down.
     */
    private String receiver(int failures, int status, boolean held) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger seen = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requested.countDown();
            try {
                if (held && !answer.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the receiver answer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean fail = seen.incrementAndGet() <= failures;
            if (fail && retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(fail ? status : 200, -1);
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
        answer.countDown();
        if (notifier != null) {
            notifier.close(0);
        }
        if (console != null) {
            console.close();
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
        PeriodStats stats = new PeriodStats(clock.zone());
        console = new ConsoleWriter(out);
        notifier = new Notifier(clock, new ChannelContext(console::println, line -> console.println("LOG " + line),
                HttpClient.newHttpClient()), new Deliveries(timer), outcomes::add);
        Listeners sinks = new Listeners(err).add(stats).add(new ConsoleOutput(console, err, stats, clock))
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

    /**
     * Waits for the outcome of {@code channel}, handing every outcome to the pipeline as the monitor
     * does; a retry waiting for its backoff goes at once (the test's timer).
     */
    private NotificationOutcome awaitOutcome(MonitorCore core, String channel) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            NotificationOutcome o = outcomes.poll(20, TimeUnit.MILLISECONDS);
            if (o == null) {
                timer.runPending();
                continue;
            }
            core.onNotification(o);
            if (o.channel().equals(channel)) {
                return o;
            }
        }
        throw new AssertionError("no outcome for " + channel);
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

    @org.junit.jupiter.params.ParameterizedTest(name = "HTTP {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {400, 401, 404, 409, 422})
    void aPermanentRefusalIsNotRetried(int status) throws Exception {
        MonitorCore core = core(receiver(5, status, false), 3, List.of("/usr/bin/true"));
        probe(core, true);
        for (int i = 0; i < 3; i++) {
            probe(core, false);
        }
        NotificationOutcome firing = awaitOutcome(core, "hook");
        assertEquals(false, firing.delivered(), firing.toString());
        assertEquals(1, firing.attempts(), "a 4xx other than 408 and 429 is not fixed by trying again");
        assertEquals(1, bodies.size());
        assertEquals("HTTP " + status + "; not retried: the receiver refused it for good", firing.error());
        assertEquals(List.of(), timer.delays());
        assertEquals(1, notifications("hook", "failed"));
    }

    @Test
    void aRequestTimeoutIsRetried() throws Exception {
        MonitorCore core = core(receiver(1, 408, false), 3, List.of("/usr/bin/true"));
        probe(core, true);
        for (int i = 0; i < 3; i++) {
            probe(core, false);
        }
        NotificationOutcome firing = awaitOutcome(core, "hook");
        assertTrue(firing.delivered(), firing.toString());
        assertEquals(2, firing.attempts());
        assertEquals(List.of(20_000_000L), timer.delays());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} Retry-After: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"429, 7, 7000000000", "503, 2, 2000000000",
            "429, 86400, 300000000000", "429, 0, 20000000", "503, soon, 20000000"})
    void retryAfterIsHonouredUpToFiveMinutes(int status, String header, long expectedNanos) throws Exception {
        retryAfter = header;
        MonitorCore core = core(receiver(1, status, false), 3, List.of("/usr/bin/true"));
        probe(core, true);
        for (int i = 0; i < 3; i++) {
            probe(core, false);
        }
        NotificationOutcome firing = awaitOutcome(core, "hook");
        assertTrue(firing.delivered(), firing.toString());
        assertEquals(2, firing.attempts());
        assertEquals(List.of(expectedNanos), timer.delays(), "the receiver's wait (bounded), else the backoff");
    }

    @Test
    void aWebhookThatFailsTwiceIsRetriedThenGetsTheRecoveryToo() throws Exception {
        MonitorCore core = core(receiver(2, 500, false), 3, List.of("/usr/bin/true"));
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
        assertEquals(List.of(20_000_000L, 40_000_000L), timer.delays(), "the backoff doubles");

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
        assertTrue(console.awaitWritten(10_000));
        String console = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("ALERT db-down FIRING: db DOWN (3 consecutive timeouts)"), console);
        assertTrue(console.contains("ALERT db-down RESOLVED: db UP (open in 1.0 ms)"), console);
    }

    @Test
    void aWebhookThatKeepsFailingIsCountedAndReported() throws Exception {
        MonitorCore core = core(receiver(100, 503, false), 2, List.of("/usr/bin/true"));
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
        MonitorCore core = core(receiver(0, 200, true), 0,
                List.of("/usr/bin/touch", marker + "-{alert}-{state}-{event}", dir.resolve("{reason}").toString()));
        probe(core, false);
        probe(core, false);
        core.onResult(Results.failed("db", clock, ProbeOutcome.TIMEOUT));
        clock.advance(2, TimeUnit.SECONDS);
        core.tick(); // fires: the webhook's receiver holds its answer until the test lets it go
        assertTrue(requested.await(20, TimeUnit.SECONDS), "the webhook was called");
        assertEquals(1, answer.getCount(), "the pipeline went on while the receiver still held its answer");
        NotificationOutcome run = awaitOutcome(core, "run");
        assertTrue(run.delivered(), run.toString());
        assertTrue(Files.exists(dir.resolve("marker-db-down-DOWN-firing")), "placeholders filled in");
        assertTrue(Files.exists(dir.resolve("db DOWN (3 consecutive timeouts)")), "one argument, spaces and all: no shell");
        answer.countDown();
        assertTrue(awaitOutcome(core, "hook").delivered());
    }
}
