package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store in the real process: {@code kill -9} while it writes loses at most the newest rows (the
 * batch under way and what was queued; every stored probe before them is there), the store opens
 * clean, and the next start goes on from it: no state change printed again, the same since-time,
 * uptime over both runs, the status page and its chart library served from the jar, and
 * {@code monitor report} shows one outage, not two.
 */
@Timeout(120)
class MonitorStoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENDPOINT = Pattern.compile("status page on http://([^ ;]+)/");

    @TempDir
    Path dir;

    @Test
    void killNineLosesOnlyTheNewestRowsAndTheNextStartGoesOn() throws Exception {
        Path db = dir.resolve("history.db");
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Path cfg = Files.writeString(dir.resolve("monitor.yaml"), """
                    defaults: {interval: 20ms, timeout: 1s}
                    services:
                      - {name: up1, address: "127.0.0.1:%1$d"}
                      - {name: up2, address: "127.0.0.1:%1$d"}
                      - {name: down1, address: "127.0.0.1:1"}
                    metrics: {listen: "127.0.0.1:0"}
                    store: {path: "%2$s"}
                    """.formatted(server.port(), db));
            long killedAt;
            long accepted;
            try (JarProcess monitor = JarProcess.start("monitor", cfg.toString())) {
                monitor.awaitLine("monitoring 3 services", 30);
                awaitStdout(monitor, "down1: DOWN (3 consecutive connections refused)", 10);
                Thread.sleep(2500); // writing all along: 150 probes a second
                killedAt = System.currentTimeMillis();
                monitor.process.destroyForcibly(); // SIGKILL
                assertTrue(monitor.process.waitFor(10, TimeUnit.SECONDS));
                Thread.sleep(200); // probes under way reach the server
                accepted = server.accepted();
            }
            assertTrue(Files.exists(dir.resolve("history.db-wal")), "killed: the write-ahead log is still there");

            long stored;
            long storedUp1;
            long storedDown1;
            long lastStored;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                assertEquals("ok", text(s, "PRAGMA integrity_check"), "the store opens clean");
                stored = count(s, "SELECT count(*) FROM probe p JOIN target t ON t.id = p.target"
                        + " WHERE t.name IN ('up1', 'up2')");
                storedUp1 = count(s, "SELECT count(*) FROM probe p JOIN target t ON t.id = p.target WHERE t.name = 'up1'");
                storedDown1 = count(s, "SELECT count(*) FROM probe p JOIN target t ON t.id = p.target WHERE t.name = 'down1'");
                lastStored = count(s, "SELECT max(t) FROM probe");
                assertEquals(1, count(s, "SELECT count(*) FROM state_change s JOIN target t ON t.id = s.target"
                        + " WHERE t.name = 'down1' AND to_state = 'down'"));
            }
            long lost = accepted - stored;
            long tail = killedAt - lastStored;
            assertTrue(lost >= 0, "never more rows than probes: " + stored + " stored, " + accepted + " accepted");
            assertTrue(tail <= 1500, "the newest stored probe started " + tail + " ms before the kill: only the last"
                    + " batch (250 ms of rows and the one being written) may be lost");
            assertTrue(lost <= 100 * (tail + 300) / 1000 + 5, lost + " probes of up1 and up2 lost (100 a second) over the"
                    + " last " + tail + " ms: only those after the newest stored one");

            // the next start goes on from the store
            try (JarProcess monitor = JarProcess.start("monitor", cfg.toString())) {
                Matcher m = ENDPOINT.matcher(monitor.awaitLine("monitoring 3 services", 30));
                assertTrue(m.find());
                Thread.sleep(1500);
                JsonNode services = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + m.group(1) + "/api/services")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                JsonNode down1 = services.at("/services/2");
                assertEquals("down1", down1.get("name").asText());
                assertEquals("down", down1.get("state").asText());
                Instant since = Instant.parse(down1.get("since").asText());
                assertTrue(since.toEpochMilli() < killedAt, "DOWN since the first run: " + since);
                assertTrue(down1.at("/probes/24h").asLong() > storedDown1, "uptime counts both runs: " + storedDown1
                        + " stored by the first, " + down1);
                assertTrue(services.at("/services/0/probes/24h").asLong() > storedUp1, storedUp1 + " " + services);
                for (String file : List.of("", "status.js", "charts.js", "uplot/uPlot.iife.min.js", "uplot/uPlot.min.css")) {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + m.group(1) + "/" + file)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), "the jar serves /" + file);
                    assertTrue(r.body().length() > 100, file);
                }
                monitor.signal("INT");
                assertEquals(0, monitor.awaitExit(20), monitor.stderr());
                String out = monitor.stdout();
                assertFalse(out.contains("down1: DOWN") || out.contains("up1: UP") || out.contains("up2: UP"),
                        "no state printed again: it went on from the store\n" + out);
            }
            Cli.Outcome report = Cli.run("monitor", "report", "--store", db.toString(), "--json");
            assertEquals(0, report.exit(), report.err());
            JsonNode r = JSON.readTree(report.out());
            assertEquals(List.of("up1 up", "up2 up", "down1 down"), changes(r), "one outage, not one per start");
        }
    }

    private static List<String> changes(JsonNode report) {
        List<String> out = new java.util.ArrayList<>();
        report.get("state_changes").forEach(c -> out.add(c.get("name").asText() + " " + c.get("to").asText()));
        out.sort(java.util.Comparator.comparing(x -> List.of("up1", "up2", "down1").indexOf(x.split(" ")[0])));
        return out;
    }

    private static void awaitStdout(JarProcess p, String text, long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!p.stdout().contains(text)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no '" + text + "' on stdout:\n" + p.stdout() + "\nstderr:\n" + p.stderr());
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
