package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code ramp} judges a level, through the real command against servers scripted for it: a
 * level's own figures (error rate, latency) come from the connections it added, not diluted by
 * the earlier levels; the health of everything held (closed, the peak held at once) is measured
 * over all of it, and the peak is the true one, not a sum of each level's peaks.
 */
class RampLevelRuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Cli.Outcome ramp(int port, String... options) {
        List<String> args = new ArrayList<>(List.of("ramp", "127.0.0.1", String.valueOf(port), "-s", "0",
                "--start", "100", "--step", "+100", "--max", "200", "--precision", "50", "--cooldown", "100ms",
                "-i", "0", "-y"));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String lastLine(Cli.Outcome o) {
        List<String> lines = o.outLines();
        return lines.get(lines.size() - 1);
    }

    /**
     * The server stops listening once the first level's 100 are in: every connection the second
     * level adds is refused. That level's error rate is 100%, whatever the 100 held before it.
     */
    @Test
    void aLevelsErrorRateIsThatOfTheConnectionsItAdded() throws Exception {
        Path json = dir.resolve("ramp.json");
        Cli.Outcome o;
        AcceptLog[] self = new AcceptLog[1];
        self[0] = AcceptLog.start(n -> {
            if (n == 100) {
                self[0].stopListening();
            }
        });
        try (AcceptLog s = self[0]) {
            o = ramp(s.port(), "--level-hold", "300ms", "--fail-when", "error_rate>60%", "--json", json.toString());
            assertEquals(100, s.accepted());
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(lastLine(o).startsWith("max concurrency: 100 (first failure at "), o.out());
        JsonNode levels = JSON.readTree(json.toFile()).at("/levels");
        JsonNode second = levels.get(1);
        assertEquals(200, second.at("/target").asInt());
        assertFalse(second.at("/passed").asBoolean(), second.toString());
        assertEquals(1.0, second.at("/fail_when/0/measured").asDouble(), 1e-12, "judged on the 100 it added");
        assertEquals("added", second.at("/fail_when/0/judged_on").asText());
        assertEquals(100, second.at("/added/counts/error").asLong());
        assertEquals(100, second.at("/added/errors_by_reason/refused").asLong());
        assertEquals(1.0, second.at("/added/error_rate").asDouble(), 1e-12);
        assertEquals(0.5, second.at("/error_rate").asDouble(), 1e-12, "over everything held: 100 of 200");
    }

    /**
     * The server closes the first level's 100 connections during that level's hold, then holds the
     * second level's 100: never more than 100 at once, which the server itself counts. The sum of
     * each level's peak would say 200.
     */
    @Test
    void thePeakHeldAtOnceIsMeasuredNotAddedUp() throws Exception {
        Path json = dir.resolve("ramp.json");
        Cli.Outcome o;
        AcceptLog[] self = new AcceptLog[1];
        self[0] = AcceptLog.start(n -> {
            if (n == 100) {
                Thread closer = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    self[0].closeHeld();
                }, "close-first-level");
                closer.setDaemon(true);
                closer.start();
            }
        });
        int serverPeak;
        try (AcceptLog s = self[0]) {
            o = ramp(s.port(), "--level-hold", "1s", "--fail-when", "max_concurrent>150", "--fail-when", "errors>0",
                    "--json", json.toString());
            serverPeak = s.mostHeld();
            assertEquals(200, s.accepted());
        }
        assertEquals(100, serverPeak, "the server never held more than 100 at once");
        assertEquals(0, o.exit(), o.out() + o.err());
        assertEquals("no limit found up to 200", lastLine(o), o.out());
        JsonNode levels = JSON.readTree(json.toFile()).at("/levels");
        assertEquals(2, levels.size(), levels.toString());
        JsonNode second = levels.get(1);
        assertEquals(serverPeak, second.at("/max_concurrent").asLong(), second.toString());
        assertEquals("held", second.at("/fail_when/0/judged_on").asText());
        assertEquals(100, second.at("/counts/closed").asLong(), "the first level's, closed by the server");
        assertEquals(100, second.at("/counts/established").asLong());
    }
}
