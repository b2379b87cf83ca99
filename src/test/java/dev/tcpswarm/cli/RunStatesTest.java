package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every state and error reason, each against a server made for it, through the real command: what a
 * user sees in the report and the exit code, and what the server counted.
 */
class RunStatesTest {
    private static final Pattern PROGRESS = Pattern.compile(
            "Total: (\\d+), Dialing: (\\d+), Established: (\\d+), Closed: (\\d+), Error: (\\d+), NotInitiated: (\\d+)");

    static BuiltInServer server(ServerMode mode) throws Exception {
        return BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, mode, 0, 1);
    }

    static JsonNode json(Cli.Outcome o) throws Exception {
        return new ObjectMapper().readTree(o.out());
    }

    @Test
    void twoThousandConnectionsAllEstablishedAndTheServerCountsTwoThousand() throws Exception {
        try (BuiltInServer s = server(ServerMode.HOLD)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "2000", "-s", "0", "-y", "-i", "0");
            assertEquals(0, o.exit(), o.out() + o.err());
            assertEquals("2000", Cli.reportValue(o, "Total established connections:"));
            assertEquals("2000", Cli.reportValue(o, "Max concurrent established connections:"));
            assertEquals("2000", Cli.reportValue(o, "Number of established connections on closure:"));
            assertTrue(o.out().contains("Total: 2000, Dialing: 0, Established: 2000, Closed: 0, Error: 0, NotInitiated: 0"));
            Kernel.awaitEquals(2000, s::accepted, 10, "server accepted");
            Kernel.awaitEquals(0, s::openNow, 10, "server openNow"); // tcpswarm closed them all at the end
        }
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Outcome o = Cli.run("127.0.0.1:" + port, "-c", "20", "-s", "0", "-y", "-i", "0", "--output", "json");
        assertEquals(2, o.exit());
        JsonNode r = json(o);
        assertEquals(20, r.at("/counts/error").asLong());
        assertEquals(20, r.at("/errors_by_reason/refused").asLong());
        assertEquals(20, r.at("/time_to_error_ms/count").asLong());
    }

    @Test
    void stalledListenerTimesOut() throws Exception {
        try (BuiltInServer s = server(ServerMode.STALL)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "20", "-s", "0", "-t", "300ms", "-y",
                    "-i", "0", "--output", "json");
            assertEquals(2, o.exit());
            JsonNode r = json(o);
            long timeouts = r.at("/errors_by_reason/timeout").asLong();
            // a backlog of 1 lets the kernel complete a couple of handshakes; the rest time out
            assertTrue(timeouts >= 15, "timeouts: " + timeouts);
            assertEquals(20, timeouts + r.at("/established_total").asLong());
            assertTrue(r.at("/time_to_error_ms/min").asDouble() >= 290, r.toString());
            assertTrue(r.at("/time_to_error_ms/max").asDouble() < 500, "timed out on time: " + r);
        }
    }

    @Test
    void connectionsTheServerClosesAreClosedAndStillCountAsEstablished() throws Exception {
        try (BuiltInServer s = server(ServerMode.CLOSE)) {
            // held, so that the server's close of the last connections arrives before the run ends
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "50", "-s", "2ms", "--hold", "500ms",
                    "-y", "-i", "0", "--output", "json");
            JsonNode r = json(o);
            assertEquals(0, o.exit(), o.out());
            assertEquals(50, r.at("/established_total").asLong());
            assertEquals(50, r.at("/counts/closed").asLong());
            assertEquals(0, r.at("/counts/established").asLong());
            assertEquals(0, r.at("/closed_by_reset").asLong());
            assertEquals(50, r.at("/time_to_close_ms/count").asLong());
        }
    }

    /**
     * The server accepts and resets every connection. Whether a reset beats the connect's completion
     * (ECONNRESET from finishing the connect: the handshake had completed) or arrives on an open
     * connection, each was established and then reset by the server: no connect error, all 50
     * established, as many as the server accepted, on every run (three here).
     */
    @Test
    void connectionsTheServerResetsAreEstablishedThenResetOnEveryRun() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (BuiltInServer s = server(ServerMode.RESET)) {
                // held, so that the server's reset of the last connections arrives before the run ends
                Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "50", "-s", "2ms", "--hold",
                        "500ms", "-y", "-i", "0", "--output", "json");
                JsonNode r = json(o);
                assertEquals(0, r.at("/counts/error").asLong(), r.toString());
                assertEquals(50, r.at("/established_total").asLong(), r.toString());
                assertEquals(50, r.at("/closed_by_reset").asLong(), r.toString());
                assertEquals(50, r.at("/counts/closed").asLong());
                assertEquals(0, r.at("/counts/established").asLong());
                assertEquals(50, r.at("/connect_latency_ms/count").asLong());
                assertEquals(0, o.exit(), "established, then closed by the server, as tcpgoon counts it");
                Kernel.awaitEquals(50, s::accepted, 10, "the server accepted each one");
            }
        }
    }

    /**
     * tcpgoon's exit code 0 stays for a server that resets or closes every connection, but the text
     * report says so as the first line of its own summary, right after tcpgoon's header and status
     * line (which stay as they were): a report that reads as a success would mislead.
     */
    @Test
    void theTextReportOpensWithAWarningWhenTheServerResetsOrClosesConnections() throws Exception {
        for (ServerMode mode : List.of(ServerMode.RESET, ServerMode.CLOSE)) {
            try (BuiltInServer s = server(mode)) {
                Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "50", "-s", "2ms", "--hold",
                        "500ms", "-y", "-i", "0");
                assertEquals(0, o.exit(), o.out() + o.err());
                List<String> lines = o.outLines();
                assertEquals("--- 127.0.0.1:" + s.port() + " tcp test statistics ---", lines.get(0), o.out());
                assertTrue(lines.get(1).startsWith("Total: 50, Dialing: 0, Established: 0, Closed: 50, Error: 0"),
                        o.out());
                assertEquals(mode == ServerMode.RESET ? "Warning: the server reset 50 of the 50 established connections"
                        : "Warning: the server closed 50 of the 50 established connections", lines.get(2), o.out());
            }
        }
        try (BuiltInServer s = server(ServerMode.HOLD)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "5", "-s", "0", "-y", "-i", "0");
            assertEquals(0, o.exit(), o.out() + o.err());
            assertFalse(o.out().contains("Warning"), "a server that holds its connections: no warning\n" + o.out());
        }
    }

    @Test
    void ipv6LiteralOnLoopback() throws Exception {
        InetAddress v6 = Kernel.ipv6LoopbackOrSkip();
        try (BuiltInServer s = BuiltInServer.start(v6, 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = Cli.run("[::1]:" + s.port(), "-c", "100", "-s", "0", "-y", "-i", "0");
            assertEquals(0, o.exit(), o.out() + o.err());
            assertTrue(o.out().startsWith("--- [::1]:" + s.port() + " tcp test statistics ---"), o.out());
            Kernel.awaitEquals(100, s::accepted, 10, "server accepted");
        }
    }

    @Test
    void progressLinesKeepTcpgoonsFormatAndAlwaysAddUp() throws Exception {
        try (BuiltInServer s = server(ServerMode.HOLD)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "40", "-s", "30ms", "-y", "-i", "200ms",
                    "--plain");
            assertEquals(0, o.exit());
            List<String> lines = o.outLines();
            int progress = 0;
            for (String line : lines.subList(0, lines.indexOf(lines.stream()
                    .filter(l -> l.startsWith("--- ")).findFirst().orElseThrow()))) {
                Matcher m = PROGRESS.matcher(line);
                assertTrue(m.matches(), "not a progress line: '" + line + "'");
                long sum = 0;
                for (int g = 2; g <= 6; g++) {
                    sum += Long.parseLong(m.group(g));
                }
                assertEquals(40, Long.parseLong(m.group(1)));
                assertEquals(40, sum, line);
                progress++;
            }
            assertTrue(progress >= 3, "progress lines: " + progress + "\n" + o.out());
        }
    }

    /**
     * 20 gaps of 50 ms: the last connection starts 1 s after the first, give or take only the
     * lateness the schedule lag records; the server's own accept times tell the same; and the
     * command takes that long and not much longer.
     */
    @Test
    void pacingFollowsTheSleep() throws Exception {
        try (AcceptLog s = AcceptLog.start()) {
            long t0 = System.nanoTime();
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "21", "-s", "50ms", "-y", "-i", "0",
                    "--output", "json");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, o.exit());
            JsonNode r = json(o);
            assertEquals(21, r.at("/schedule_lag_ms/count").asLong());
            double starts = r.at("/attempt_span_seconds").asDouble();
            double maxLag = r.at("/schedule_lag_ms/max").asDouble() / 1000;
            assertTrue(Math.abs(starts - 1.0) <= maxLag + 1e-6,
                    "first to last start " + starts + " s, lag at most " + maxLag + " s");
            assertEquals(21, s.accepted());
            assertEquals(starts, s.acceptSpanSeconds(), 0.05, "first to last accept at the server");
            assertTrue(seconds >= 1.0 && seconds < 1.5, "the command took " + seconds + " s");
        }
    }
}
