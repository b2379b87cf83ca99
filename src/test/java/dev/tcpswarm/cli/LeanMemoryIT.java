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
 * A sanity bound, not a benchmark: 5,000 connections held by the real jar, on a plain
 * {@code java -jar} (none of the launcher's memory flags), stay well under 300 MB of peak resident
 * memory as the JSON reports it. A leak or a per-connection buffer would blow through it.
 */
@Timeout(90)
class LeanMemoryIT {
    private static final int N = 5000;
    private static final long BOUND_BYTES = 300L * 1024 * 1024;

    @Test
    void fiveThousandConnectionsStayUnderTheBound() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 2);
                JarProcess tcpswarm = JarProcess.start("127.0.0.1", String.valueOf(server.port()), "-c",
                        String.valueOf(N), "-s", "0", "--hold", "1s", "-y", "-i", "0", "--output", "json")) {
            int exit = tcpswarm.awaitExit(60);
            String out = tcpswarm.stdout();
            assertEquals(0, exit, out + tcpswarm.stderr());
            JsonNode r = new ObjectMapper().readTree(out);
            assertEquals(N, r.at("/max_concurrent").asLong(), "all " + N + " held at once");
            long peak = r.at("/peak_rss_bytes").asLong();
            assertTrue(peak > 0, "peak_rss_bytes reported: " + r.at("/peak_rss_bytes"));
            assertTrue(peak < BOUND_BYTES, "peak RSS " + peak / (1024 * 1024) + " MB for " + N + " connections");
        }
    }
}
