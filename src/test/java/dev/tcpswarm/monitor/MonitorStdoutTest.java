package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running monitor whose stdout is a real pipe that nobody reads (as {@code monitor x.yaml | sleep
 * 90}), filled up before the test so that every write to it blocks: states and results must go on.
 */
@Timeout(60)
class MonitorStdoutTest {
    /** A pipe whose buffer is already full: a blocking write to it waits for a reader. */
    private static Pipe fullPipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        ByteBuffer junk = ByteBuffer.allocate(1 << 16);
        while (pipe.sink().write(junk.clear()) > 0) {
            // fill the kernel's buffer
        }
        pipe.sink().configureBlocking(true);
        return pipe;
    }

    /** Reads the pipe to its end, in the background; the text read after the filler. */
    private static CompletableFuture<String> drain(Pipe pipe) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Channels.newInputStream(pipe.source())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\0", "");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theMonitorGoesOnWhileNobodyReadsStdout() throws Exception {
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort();
        }
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            StringBuilder yaml = new StringBuilder("defaults: {interval: 50ms, timeout: 500ms}\nservices:\n");
            for (int i = 0; i < 4; i++) {
                yaml.append("  - {name: s").append(i).append(", address: \"127.0.0.1:").append(server.port()).append("\"}\n");
            }
            yaml.append("  - {name: gone, address: \"127.0.0.1:").append(refused).append("\"}\n");
            yaml.append("logging: {summary_every: 1s}\n");
            MonitorConfig config = new ConfigReader(List.of()).read("pipe.yaml", yaml.toString());
            AtomicLong probes = new AtomicLong();
            AtomicLong changes = new AtomicLong();
            MonitorListener counting = new MonitorListener() {
                @Override
                public void probed(ProbeResult result) {
                    probes.incrementAndGet();
                }

                @Override
                public void stateChanged(StateChange change) {
                    changes.incrementAndGet();
                }
            };
            Pipe pipe = fullPipe();
            PrintStream out = new PrintStream(Channels.newOutputStream(pipe.sink()), false, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Monitor monitor = new Monitor(config, MonitorClock.SYSTEM, Transport.detect(), 1, out, err, null,
                    List.of(counting));
            CompletableFuture<String> read = null;
            try {
                monitor.start();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (changes.get() < 5 && System.nanoTime() < until) { // each a line for the blocked stdout
                    Thread.sleep(20);
                }
                assertEquals(5, changes.get(), "every service judged, its line queued for stdout");
                long before = probes.get();
                Thread.sleep(1500); // a summary falls due meanwhile: its table is queued too
                long after = probes.get();
                assertTrue(after - before >= 10, "the pipeline takes results while stdout is blocked: "
                        + (after - before) + " in 1.5 s (100 a second planned)");
                read = drain(pipe);
            } finally {
                if (read == null) {
                    read = drain(pipe);
                }
                monitor.close();
                pipe.sink().close();
            }
            String text = read.get(20, TimeUnit.SECONDS);
            assertTrue(text.contains("gone: DOWN"), text);
            assertTrue(text.contains("--- final summary"), text);
        }
    }
}
