package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CI gate must be able to fail a run whose client could not keep up with {@code --rate}: the
 * connect latency of such a run looks fine (each connect is quick once made), so only the latency
 * from the planned start and the late starts tell. Both are thresholds, and the JSON result and
 * the report show them.
 */
class FellBehindTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A gate on falling behind: most starts on time, and connect latency fine. */
    private static final List<String> GATE = List.of("--threshold", "late_start_rate<50%", "--threshold", "p(99)<5s");

    private static Cli.Outcome run(int port, List<String> more) {
        List<String> args = new java.util.ArrayList<>(List.of("127.0.0.1", String.valueOf(port), "-y", "-i", "0",
                "--threads", "1", "--output", "json"));
        args.addAll(GATE);
        args.addAll(more);
        return Cli.run(args.toArray(String[]::new));
    }

    /** The JSON entry of {@code expression} in thresholds[]. */
    private static JsonNode threshold(JsonNode result, String expression) {
        for (JsonNode t : result.at("/thresholds")) {
            if (t.at("/expression").asText().equals(expression)) {
                return t;
            }
        }
        throw new AssertionError("no threshold " + expression + " in " + result);
    }

    @Test
    void aClientThatCannotKeepUpWithTheRateFailsTheGate() throws Exception {
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            // 5,000 starts planned within 5 ms on one event loop: no machine makes a connect system
            // call every microsecond, so most starts are late by far more than 1 ms, the last ones
            // by the whole time the loop needs for 5,000 connects.
            Cli.Outcome o = run(s.port(), List.of("-c", "5000", "--rate", "1000000", "--threshold",
                    "planned_p(99)<20ms", "--threshold", "late_starts<=100"));
            assertEquals(3, o.exit(), o.err());
            JsonNode r = JSON.readTree(o.out());
            assertEquals(5000, r.at("/established_total").asLong(), "every connection made it: " + r.at("/counts"));
            Kernel.awaitEquals(5000, s::accepted, 10, "server accepted");

            long late = r.at("/late_starts").asLong();
            double lateRate = r.at("/late_start_rate").asDouble();
            assertTrue(late > 2500, "late starts: " + late);
            assertEquals(late / 5000.0, lateRate, 1e-9, "late_start_rate is late_starts over the paced starts");
            assertTrue(threshold(r, "p(99)<5s").at("/passed").asBoolean(), "each connect on its own was quick");
            JsonNode planned = threshold(r, "planned_p(99)<20ms");
            assertEquals("planned_p(99)", planned.at("/metric").asText());
            assertTrue(!planned.at("/passed").asBoolean(), planned.toString());
            assertEquals(r.at("/connect_latency_from_intended_ms/p99").asDouble() * 1000,
                    planned.at("/measured").asDouble(), 1e-6, "measured in microseconds, from the planned start");
            assertTrue(!threshold(r, "late_start_rate<50%").at("/passed").asBoolean());
            assertTrue(!threshold(r, "late_starts<=100").at("/passed").asBoolean());
            assertEquals(late, threshold(r, "late_starts<=100").at("/measured").asLong());
        }
    }

    /** The same gate passes a client that keeps up (a hiccup of the machine may make a few starts late). */
    @Test
    void aClientThatKeepsUpPassesTheSameGate() throws Exception {
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = run(s.port(), List.of("-c", "100", "--rate", "500"));
            JsonNode r = JSON.readTree(o.out());
            assertEquals(0, o.exit(), o.err() + r.at("/thresholds"));
            assertEquals(r.at("/late_starts").asLong() / 100.0, r.at("/late_start_rate").asDouble(), 1e-9);
        }
    }

    @Test
    void theReportShowsTheLateStartsAndTheThresholds() throws Exception {
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-y", "-i", "0", "--threads", "1",
                    "-c", "2000", "--rate", "1000000", "--threshold", "late_start_rate<10%");
            assertEquals(3, o.exit(), o.err());
            String late = Cli.reportValue(o, "Late starts (over 1 ms behind plan):");
            assertTrue(late.matches("\\d+ of 2000 .*"), late);
            assertTrue(o.out().lines().anyMatch(l -> l.matches("  FAIL late_start_rate<10% +\\d+\\.\\d+%")), o.out());
        }
    }
}
