package dev.tcpswarm.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alertmanager channel against Debian's prometheus-alertmanager, started on a free loopback port
 * with a private config and storage: an alert fires (and shows in Alertmanager's own /api/v2/alerts
 * with the configured labels), stays active past its first endsAt because it is re-sent, then resolves
 * and is gone.
 */
@Timeout(90)
class AlertmanagerChannelTest {
    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private final HttpClient client = HttpClient.newHttpClient();
    private Process alertmanager;
    private String base;
    private ChannelKit channels;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed (.ci/run installs it)");
        Files.writeString(dir.resolve("am.yml"), """
                route:
                  receiver: sink
                  group_wait: 1s
                receivers:
                  - name: sink
                """);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("am.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            assertTrue(alertmanager.isAlive(), "alertmanager stopped: " + Files.readString(dir.resolve("am.log")));
            assertTrue(System.nanoTime() < until, "alertmanager not ready in 30 s");
            Thread.sleep(100);
        }
        channels = new ChannelKit();
    }

    @AfterEach
    void stop() throws Exception {
        if (channels != null) {
            channels.close();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private JsonNode alerts() throws Exception {
        String body = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body);
    }

    @Test
    void anAlertFiresStaysActiveWhileReSentAndResolves() throws Exception {
        ChannelSpec spec = ChannelKit.spec("am", """
                  am: {type: alertmanager, url: "%s", resend: 1s, labels: {env: prod}}
                """.formatted(base), Map.of());
        NoticeChannel am = channels.open(spec);
        long now = System.currentTimeMillis();
        assertTrue(channels.deliver(am, ChannelKit.notice(AlertNotice.Kind.FIRING, "down", now)).ok());

        JsonNode active = alerts();
        assertEquals(1, active.size(), active.toString());
        JsonNode a = active.get(0);
        assertEquals("db-down", a.at("/labels/alertname").asText());
        assertEquals("db", a.at("/labels/service").asText());
        assertEquals("down", a.at("/labels/state").asText());
        assertEquals("data", a.at("/labels/team").asText(), "the service's labels");
        assertEquals("prod", a.at("/labels/env").asText(), "the channel's labels");
        assertEquals(5, a.get("labels").size(), a.toString());
        assertEquals("db DOWN (3 consecutive timeouts)", a.at("/annotations/reason").asText());
        assertEquals("active", a.at("/status/state").asText());
        assertEquals(Instant.ofEpochMilli(now - 60_000), Instant.parse(a.get("startsAt").asText()));
        assertEquals("http://127.0.0.1:9469/", a.get("generatorURL").asText());

        // endsAt is 4 re-sends (4 s) ahead: without the re-sends it would be over by now
        Thread.sleep(6_000);
        active = alerts();
        assertEquals(1, active.size(), "still firing after its first endsAt: " + active);
        assertTrue(Instant.parse(active.get(0).get("endsAt").asText()).isAfter(Instant.now()), active.toString());

        assertTrue(channels.deliver(am, ChannelKit.notice(AlertNotice.Kind.RESOLVED, "up", System.currentTimeMillis())).ok());
        am.close();
        Thread.sleep(300);
        assertEquals(0, alerts().size(), "resolved: gone from the active alerts: " + alerts());
    }

    @Test
    void aStateChangeWhileFiringEndsTheOldSeries() throws Exception {
        NoticeChannel am = channels.open(ChannelKit.spec("am", """
                  am: {type: alertmanager, url: "%s/"}
                """.formatted(base), Map.of()));
        long now = System.currentTimeMillis();
        assertTrue(channels.deliver(am, ChannelKit.notice(AlertNotice.Kind.FIRING, "degraded", now)).ok());
        assertTrue(channels.deliver(am, ChannelKit.notice(AlertNotice.Kind.REMINDER, "down", now + 10)).ok());
        JsonNode active = alerts();
        assertEquals(1, active.size(), "the degraded series ended when the state became down: " + active);
        assertEquals("down", active.get(0).at("/labels/state").asText());
        am.close();
    }
}
