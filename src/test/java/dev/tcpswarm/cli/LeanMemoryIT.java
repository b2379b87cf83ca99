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
 * What a held connection costs, measured the way the benchmark does: the real jar on a plain
 * {@code java -jar} (none of the launcher's memory flags) holds 500 connections, then 5,000, and
 * the difference in peak resident memory (as the JSON reports it) is shared out over the 4,500
 * extra connections. About 1.5-2 KB each here; the bound, 8 KB, fails a leak of one 16 KB buffer
 * per connection (which would make it over 17 KB) and leaves the JVM's own noise (a few MB between
 * runs, under 1 KB per connection) out of it.
 */
@Timeout(120)
class LeanMemoryIT {
    private static final int FEW = 500;
    private static final int MANY = 5000;
    private static final long BOUND_BYTES_PER_CONNECTION = 8 * 1024;

    /** Peak RSS of a run holding {@code n} connections, all held at once. */
    private static long peakRssHolding(int port, int n) throws Exception {
        try (JarProcess tcpswarm = JarProcess.start("127.0.0.1", String.valueOf(port), "-c", String.valueOf(n), "-s",
                "0", "--hold", "1s", "-y", "-i", "0", "--output", "json")) {
            int exit = tcpswarm.awaitExit(60);
            String out = tcpswarm.stdout();
            assertEquals(0, exit, out + tcpswarm.stderr());
            JsonNode r = new ObjectMapper().readTree(out);
            assertEquals(n, r.at("/max_concurrent").asLong(), "all " + n + " held at once");
            long peak = r.at("/peak_rss_bytes").asLong();
            assertTrue(peak > 0, "peak_rss_bytes reported: " + r.at("/peak_rss_bytes"));
            return peak;
        }
    }

    @Test
    void aHeldConnectionCostsAFewKilobytes() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 2)) {
            long few = peakRssHolding(server.port(), FEW);
            long many = peakRssHolding(server.port(), MANY);
            double perConnection = (double) (many - few) / (MANY - FEW);
            assertTrue(perConnection < BOUND_BYTES_PER_CONNECTION, String.format(java.util.Locale.ROOT,
                    "%.0f bytes per held connection (peak RSS %d MB with %d, %d MB with %d)", perConnection,
                    few >> 20, FEW, many >> 20, MANY));
        }
    }
}
