package dev.tcpswarm.report;

import dev.tcpswarm.engine.DialObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * For tests only: every established connection's connect latency, in nanoseconds as measured, one
 * per line, written to the file that the environment variable {@value #VARIABLE} names when the
 * run ends. A test builds one histogram from the raw samples of every shard and holds the merged
 * percentiles against it. Not an option (nothing a user needs), and documented as test-only. Called
 * from the event loops; {@link #close()} from the command's thread.
 */
public final class RawConnectSamples implements DialObserver, AutoCloseable {
    /** The environment variable that turns this on; its value is the file to write. */
    public static final String VARIABLE = "TCPSWARM_TEST_CONNECT_SAMPLES";

    private final Path target;
    private long[] nanos = new long[1024];
    private int size;

    private RawConnectSamples(Path target) {
        this.target = target;
    }

    /** Samples for the file {@code path} names, or null when it names none (the usual case). */
    public static RawConnectSamples open(String path) {
        return path == null || path.isBlank() ? null : new RawConnectSamples(Path.of(path));
    }

    @Override
    public synchronized void established(int slot, long connectNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = connectNanos;
    }

    /** Writes the file, atomically. */
    @Override
    public synchronized void close() throws IOException {
        StringBuilder text = new StringBuilder(size * 8);
        for (int i = 0; i < size; i++) {
            text.append(nanos[i]).append('\n');
        }
        AtomicFile.write(target, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
