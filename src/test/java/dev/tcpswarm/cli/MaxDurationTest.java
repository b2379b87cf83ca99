package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --max-duration} is a hard deadline a CI job can rely on: against a server that never
 * answers, with a dial timeout ten times longer, the run still ends on time, says what was cut
 * short (dialing ones: Error, reason deadline) and what never started (NotInitiated), and exits 2.
 */
@Timeout(60)
class MaxDurationTest {
    @Test
    void theDeadlineEndsTheRunOnTimeAndSaysWhatItCutShort() throws Exception {
        try (BuiltInServer stall = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.STALL, 0, 1)) {
            // 100 starts 20 ms apart need 2 s: at the 1 s deadline about half have started.
            long t0 = System.nanoTime();
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(stall.port()), "-c", "100", "-s", "20ms", "-t", "10s",
                    "--max-duration", "1s", "-y", "-i", "0", "--output", "json");
            double seconds = (System.nanoTime() - t0) / 1e9;
            JsonNode r = new ObjectMapper().readTree(o.out());

            assertEquals(2, o.exit(), o.out() + o.err());
            assertTrue(seconds < 3.0, "the command took " + seconds + " s for a 1 s deadline");
            double wall = r.at("/wall_seconds").asDouble();
            assertTrue(wall >= 0.99 && wall < 2.0, "wall_seconds " + wall);
            assertTrue(r.at("/deadline_reached").asBoolean());
            assertTrue(!r.at("/interrupted").asBoolean());

            long notInitiated = r.at("/counts/not_initiated").asLong();
            long deadline = r.at("/errors_by_reason/deadline").asLong();
            long established = r.at("/established_total").asLong();
            assertTrue(notInitiated >= 20 && notInitiated <= 80, "unstarted ones stay NotInitiated: " + notInitiated);
            assertEquals(0, r.at("/counts/dialing").asLong(), "none left dialing");
            // A backlog of 1 lets the kernel complete a handshake or two; every other started one
            // was still dialing at the deadline (the dial timeout is 10 s).
            assertTrue(established <= 3, "established: " + established);
            assertEquals(100 - notInitiated, r.at("/attempts").asLong());
            assertEquals(r.at("/counts/error").asLong(), deadline, "every failure is a deadline: " + r.at("/errors_by_reason"));
            assertEquals(100, established + deadline + notInitiated, r.toString());
            assertTrue(r.at("/time_to_error_ms/max").asDouble() <= 1500, "none waited past the deadline: "
                    + r.at("/time_to_error_ms"));
        }
    }

    /**
     * A count far beyond what could ever start (2,000,000,000, unpaced, against a closed port) runs
     * to its deadline in the memory of what started: no per-planned-connection allocation (that was
     * an OutOfMemoryError), and the deadline holds.
     */
    @Test
    void aHugeCountRunsToTheDeadlineWithoutAllocatingPerPlannedConnection() throws Exception {
        // below the ephemeral range: tens of thousands of dials to a closed ephemeral port would, once,
        // pick that very port as their source and connect to themselves (TCP's simultaneous open)
        int closedPort = closedPortBelowTheEphemeralRange();
        long t0 = System.nanoTime();
        Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(closedPort), "-c", "2000000000", "-s", "0", "-y",
                "--max-duration", "2s", "-i", "0", "--output", "json");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, o.exit(), o.err());
        JsonNode r = new ObjectMapper().readTree(o.out());
        double wall = r.at("/wall_seconds").asDouble();
        assertTrue(wall >= 1.99 && wall < 3.0, "wall_seconds " + wall);
        // the rest is start-up (the descriptor table grown to the open-files limit) and the report
        assertTrue(seconds < 15.0, "the command took " + seconds + " s for a 2 s deadline");
        assertTrue(r.at("/deadline_reached").asBoolean(), r.toString());
        assertEquals(2_000_000_000L, r.at("/counts/total").asLong());
        long attempts = r.at("/attempts").asLong();
        assertTrue(attempts > 0, "some started: " + attempts);
        assertEquals(2_000_000_000L - attempts, r.at("/counts/not_initiated").asLong());
        assertEquals(attempts, r.at("/errors_by_reason/refused").asLong() + r.at("/errors_by_reason/deadline").asLong(),
                r.at("/errors_by_reason").toString());
    }

    /** --hold with no connection open and none to reopen ends at once, and the report says so (it waited 10 s). */
    @Test
    void aHoldWithNothingOpenEndsAtOnce() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(closedPort), "-c", "1", "--hold", "10", "-y", "-i", "0");
        assertEquals(2, o.exit(), o.err());
        double wall = Double.parseDouble(Cli.reportValue(o, "Wall time:").replace(" s", ""));
        assertTrue(wall < 3.0, "a 10 s hold of nothing took " + wall + " s");
        assertTrue(o.outLines().contains(
                "Hold: ended early: no connection was left open to hold (none reopens without --reconnect)"), o.out());
    }

    /** A loopback port nobody listens on, below 32768, so that no dial's own source port can be it. */
    private static int closedPortBelowTheEphemeralRange() {
        for (int port = 20000 + (int) (ProcessHandle.current().pid() % 5000); port < 32768; port++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.io.IOException taken) {
                // try the next
            }
        }
        throw new IllegalStateException("no free port below 32768");
    }
}
