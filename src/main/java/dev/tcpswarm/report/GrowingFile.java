package dev.tcpswarm.report;

import dev.tcpswarm.stats.IntervalSample;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that grows one progress interval at a time ({@code --csv}, {@code --hdr-log}): written to
 * its temporary file as the run goes, flushed every interval, and given its name, complete, on
 * {@link #close()}, or given up on ({@link #abandon()}) when it cannot be written. Called from the
 * progress ticker's thread and, at the end, from the command's: every method is synchronized.
 */
abstract class GrowingFile implements Closeable {
    final AtomicFile file;
    private boolean closed;

    GrowingFile(Path target) throws IOException {
        this.file = AtomicFile.open(target);
    }

    /** Writes one interval (and flushes it). */
    abstract void write(IntervalSample sample) throws IOException;

    /** Writes what is left before the file is given its name. */
    abstract void finish() throws IOException;

    /** Adds one interval and flushes it. */
    public final synchronized void append(IntervalSample sample) throws IOException {
        if (closed) {
            throw new IllegalStateException(target() + " is already closed");
        }
        write(sample);
    }

    /** Where the file will appear. */
    public final Path target() {
        return file.target();
    }

    /** Gives up on the file: its temporary file is deleted, nothing appears under its name. */
    public final synchronized void abandon() {
        closed = true;
        try {
            file.close();
        } catch (IOException e) {
            // the temporary file stays behind: nothing more to do about it
        }
    }

    /** Finishes the file and gives it its name. Does nothing a second time. */
    @Override
    public final synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            finish();
            file.commit();
        } finally {
            file.close();
        }
    }
}
