package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * stdout as a real pipe that nobody reads (as {@code monitor x.yaml | sleep 90}): filled up before
 * the test, so every write to it blocks. What could not be written is counted and said once stdout
 * drains.
 */
@Timeout(60)
class ConsoleWriterTest {
    /** A pipe whose buffer is already full: a blocking write to it waits for a reader. */
    static Pipe fullPipe() throws IOException {
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
    static CompletableFuture<String> drain(Pipe pipe) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Channels.newInputStream(pipe.source())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\0", "");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aFullStdoutDropsAndCountsLinesAndSaysSoOnceItDrains() throws Exception {
        Pipe pipe = fullPipe();
        PrintStream out = new PrintStream(Channels.newOutputStream(pipe.sink()), false, StandardCharsets.UTF_8);
        ConsoleWriter console = new ConsoleWriter(out, 2);
        for (int i = 0; i < 10; i++) {
            console.println("line " + i); // never blocks
        }
        assertTrue(console.dropped() >= 7, "at most the queue's 2 and the one being written are kept: " + console.dropped());
        CompletableFuture<String> read = drain(pipe);
        assertTrue(console.awaitWritten(20_000));
        console.close();
        pipe.sink().close();
        String text = read.get(20, TimeUnit.SECONDS);
        // each notice says what was dropped since the one before (the writer may say the first while lines
        // are still being dropped): together they count every dropped line, once
        java.util.regex.Matcher notice = java.util.regex.Pattern
                .compile("tcpswarm monitor: stdout did not keep up: (\\d+) lines? dropped").matcher(text);
        long said = 0;
        while (notice.find()) {
            said += Long.parseLong(notice.group(1));
        }
        assertEquals(console.dropped(), said, text);
        assertTrue(text.contains("line 0"), text);
    }

    @Test
    void theDroppedLinesAreAPrometheusCounter() throws Exception {
        Pipe pipe = fullPipe();
        PrintStream out = new PrintStream(Channels.newOutputStream(pipe.sink()), false, StandardCharsets.UTF_8);
        io.prometheus.metrics.model.registry.PrometheusRegistry registry =
                new io.prometheus.metrics.model.registry.PrometheusRegistry();
        ConsoleWriter console = new ConsoleWriter(out, 2).register(registry);
        for (int i = 0; i < 10; i++) {
            console.println("line " + i);
        }
        long dropped = console.dropped();
        assertTrue(dropped >= 7, "dropped " + dropped);
        java.io.ByteArrayOutputStream scrape = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(scrape, registry.scrape());
        String text = scrape.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tcpswarm_monitor_stdout_dropped_lines_total " + dropped + ".0\n"), text);
        CompletableFuture<String> read = drain(pipe);
        assertTrue(console.awaitWritten(20_000));
        console.close();
        pipe.sink().close();
        read.get(20, TimeUnit.SECONDS);
    }
}
