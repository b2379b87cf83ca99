package dev.tcpswarm.report;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file that appears under its name only once it is complete, so that a CI job or a
 * person reading it never sees half of it. Content goes to a temporary file in the target's
 * directory; {@link #commit()} flushes it to disk and renames it over the target (atomically where
 * the file system can). {@link #close()} without a commit deletes the temporary file.
 *
 * <p>Streaming writers keep one open for the whole run and flush after every append, so even a
 * killed process leaves a consistent (if unnamed) temporary file behind.
 */
public final class AtomicFile implements Closeable {

    /** What a one-shot write puts in the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream buffered;
    private final OutputStream out;
    private boolean done;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.buffered = new BufferedOutputStream(Channels.newOutputStream(channel));
        this.out = new CloseMeansFlush(buffered);
    }

    /** Writes {@code content} to {@code target} in one go; on failure the target is left as it was. */
    public static void write(Path target, Content content) throws IOException {
        try (AtomicFile file = open(target)) {
            content.writeTo(file.out());
            file.commit();
        }
    }

    /** Starts a new version of {@code target}: a temporary file next to it, open for writing. */
    public static AtomicFile open(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new AtomicFile(absolute, temp, channel);
    }

    /** The stream into the temporary file. Closing it only flushes: the file ends with commit or close. */
    public OutputStream out() {
        return out;
    }

    /** Where the file will appear. */
    public Path target() {
        return target;
    }

    /** Hands what was written so far to the operating system (a killed process keeps it). */
    public void flush() throws IOException {
        buffered.flush();
    }

    /** Flushes to disk and renames the temporary file over the target. Does nothing a second time. */
    public void commit() throws IOException {
        if (done) {
            return;
        }
        buffered.flush();
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        done = true;
    }

    /** Without a commit, abandons the new version: the temporary file is deleted, the target untouched. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Lets libraries that close their output (Jackson, PrintStream) do so without ending the file. */
    private static final class CloseMeansFlush extends FilterOutputStream {
        CloseMeansFlush(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
