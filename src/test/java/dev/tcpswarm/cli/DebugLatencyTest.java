package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --debug} writes a line per connection event to stderr. When stderr is slow (a terminal
 * scrolling, a pipe nobody reads for a moment), that must cost the debug output its speed, not the
 * measurement its truth: the writes never hold up an event loop, so no connect latency includes
 * them. Here stderr is a real pipe whose reader starts a second late, after its 64 KB buffer filled.
 */
@Timeout(60)
class DebugLatencyTest {
    private static final int N = 2000;
    private static final long READER_DELAY_MILLIS = 1000;

    @Test
    void aStalledStderrDoesNotShowInConnectLatency() throws Exception {
        Pipe pipe = Pipe.open();
        ByteArrayOutputStream debugLines = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = Channels.newInputStream(pipe.source())) {
                Thread.sleep(READER_DELAY_MILLIS);
                in.transferTo(debugLines);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "slow-stderr-reader");
        reader.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                PrintStream err = new PrintStream(Channels.newOutputStream(pipe.sink()), true,
                        StandardCharsets.UTF_8)) {
            exit = TcpSwarm.execute(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true,
                    StandardCharsets.UTF_8), err, "127.0.0.1", String.valueOf(s.port()), "-c", String.valueOf(N), "-s",
                    "0", "-y", "-i", "0", "--debug", "--output", "json");
        }
        reader.join(20_000);
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(0, exit, r.at("/counts").toString());
        String debug = debugLines.toString(StandardCharsets.UTF_8);
        assertEquals(N, debug.lines().filter(l -> l.matches("connection \\d+: established in .*")).count(),
                "every event was written, in the end");
        assertTrue(debug.length() > 64 * 1024, "the output was more than the pipe holds: " + debug.length());
        double maxMillis = r.at("/connect_latency_ms/max").asDouble();
        assertTrue(maxMillis < READER_DELAY_MILLIS / 2.0, "slowest connect " + maxMillis + " ms while stderr stalled "
                + READER_DELAY_MILLIS + " ms");
    }
}
