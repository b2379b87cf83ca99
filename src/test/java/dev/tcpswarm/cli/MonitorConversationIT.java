package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.monitor.RedisProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's conversations against a real redis-server: a SIGSTOPped redis keeps its listening
 * socket (its kernel completes handshakes), so only the conversation sees the hang. It goes DOWN
 * with {@code no answer within ...} after the configured failures in a row, and comes back UP after
 * SIGCONT; {@code --once} exits 2 for it, with steps: and with the quick form redis://. The real binary on its real clock, with a short interval
 * and generous waits (the bounds hold at a load of 10).
 */
@Timeout(180)
class MonitorConversationIT {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The steps a user writes for redis; the built-in {@code check: redis} is the same and more. */
    private static final String STEPS = """
                steps:
                  - send: 'PING\\r\\n'
                  - expect: '^\\+PONG\\r\\n'
            """;

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("monitor.yaml"), yaml);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sample(String metrics, String regex) {
        Matcher m = Pattern.compile(regex).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void awaitStdout(JarProcess p, Pattern line, int from, long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!line.matcher(p.stdout().substring(Math.min(from, p.stdout().length()))).find()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no line matching " + line + " within " + seconds + " s; stdout:\n" + p.stdout()
                        + "\nstderr:\n" + p.stderr());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aStoppedRedisGoesDownWithNoAnswerAfterTheThresholdAndComesBackUpAfterSigcont() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir)) {
            int metrics = freePort();
            Path cfg = config("""
                    defaults: {interval: 200ms, timeout: 500ms}
                    services:
                      - name: cache
                        address: "127.0.0.1:%d"
                        check: redis
                    evaluation:
                      down: {consecutive_failures: 3}
                      up: {consecutive_successes: 2}
                    metrics: {listen: "127.0.0.1:%d"}
                    """.formatted(redis.port(), metrics));
            try (JarProcess monitor = JarProcess.start("monitor", cfg.toString(), "--store", dir.resolve("m.db").toString())) {
                awaitStdout(monitor, Pattern.compile(" cache: UP \\("), 0, 60);
                JsonNode last = JSON.readTree(get(metrics, "/api/services")).get("services").get(0).get("last_probe");
                assertTrue(last.get("answer").asText().matches("redis_version:[0-9.]+"), "what the server said: " + last);
                assertTrue(last.get("response_ms").asDouble() > 0, last.toString());
                int before = monitor.stdout().length();
                redis.stop();
                awaitStdout(monitor, Pattern.compile(
                        " cache: DOWN \\(3 consecutive probes without an answer, last: no answer within 500ms\\)"), before, 60);
                String m = get(metrics, "/metrics");
                assertTrue(sample(m, "tcpswarm_monitor_probes_total\\{result=\"no_answer\",service=\"cache\"} (\\S+)") >= 3, m);
                assertTrue(sample(m, "tcpswarm_monitor_probes_total\\{result=\"open\",service=\"cache\"} (\\S+)") >= 1, m);
                assertTrue(sample(m, "tcpswarm_monitor_response_duration_seconds_count\\{service=\"cache\"} (\\S+)") >= 1, m);
                String down = monitor.stdout().substring(before);
                assertEquals(1, Pattern.compile(" cache: ").matcher(down).results().count(),
                        "no state change between UP and DOWN: " + down);
                int stopped = monitor.stdout().length();
                redis.resume();
                awaitStdout(monitor, Pattern.compile(" cache: UP \\(2 consecutive opens, last open in "), stopped, 60);
                monitor.signal("TERM");
                assertEquals(0, monitor.awaitExit(30), monitor.stdout() + monitor.stderr());
            }
        }
    }

    @Test
    void onceExitsZeroForAnAnsweringRedisAndTwoForAStoppedOneWithStepsAndWithTheQuickForm() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir)) {
            Path cfg = config("""
                    services:
                      - name: cache
                        address: "127.0.0.1:%d"
                        timeout: 500ms
                    %s""".formatted(redis.port(), STEPS));
            try (JarProcess up = JarProcess.start("monitor", cfg.toString(), "--once")) {
                assertEquals(0, up.awaitExit(60), up.stdout() + up.stderr());
                assertTrue(up.stdout().contains(" cache: UP (open in "), up.stdout());
            }
            String quick = "redis://127.0.0.1:" + redis.port();
            try (JarProcess up = JarProcess.start("monitor", quick, "--once", "--timeout", "500ms")) {
                assertEquals(0, up.awaitExit(60), up.stdout() + up.stderr());
                assertTrue(up.stdout().contains(" " + quick + ": UP (open in "), up.stdout());
            }
            redis.stop();
            try (JarProcess down = JarProcess.start("monitor", cfg.toString(), "--once")) {
                assertEquals(2, down.awaitExit(60), down.stdout() + down.stderr());
                assertTrue(down.stdout().contains(" cache: DOWN (no answer within 500ms)"), down.stdout());
            }
            try (JarProcess down = JarProcess.start("monitor", quick, "--once", "--timeout", "500ms")) {
                assertEquals(2, down.awaitExit(60), down.stdout() + down.stderr());
                assertTrue(down.stdout().contains(" " + quick + ": DOWN (no answer within 500ms)"), down.stdout());
            }
        }
    }
}
