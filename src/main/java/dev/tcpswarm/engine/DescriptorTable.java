package dev.tcpswarm.engine;

import dev.tcpswarm.plan.Preflight;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Grows this process's file-descriptor table before a run, so that the run never waits for it.
 * Linux doubles the table when a new descriptor does not fit (at 256, 512, 1024, 2048, ...), and in
 * a process with more than one thread each doubling waits for an RCU grace period: 4-25 ms measured
 * here, during which the event loop that opened the socket stands still and every start due then is
 * late. Holding enough descriptors open for a moment, before the clock starts, makes those doublings
 * happen then; the table never shrinks. Linux only (it reads {@code /proc/self}); elsewhere it does
 * nothing. Called on the command's thread, before any connection of the run is opened.
 */
final class DescriptorTable {
    /** Room for what the JVM and Netty open besides the connections (event loops, jars, pipes). */
    static final int SPARE = 64;

    private DescriptorTable() {
    }

    /**
     * Makes room in the table for {@code descriptors} more than are open now (plus {@link #SPARE}),
     * within the open-files limit. Best effort: it stops at the first descriptor it cannot open.
     */
    static void reserve(int descriptors) {
        long size = size();
        int open = openNow();
        if (size < 0 || open < 0) {
            return;
        }
        long wanted = open + (long) descriptors + SPARE;
        long limit = Preflight.openFilesLimit();
        if (limit > 0) {
            wanted = Math.min(wanted, limit - SPARE);
        }
        if (size >= wanted) {
            return;
        }
        // pipe2 gives two descriptors per system call; descriptors are handed out lowest first, so
        // holding (wanted - open) of them at once reaches descriptor number wanted - 1.
        List<Pipe> pipes = new ArrayList<>();
        try {
            for (long held = open; held < wanted; held += 2) {
                pipes.add(Pipe.open());
            }
        } catch (IOException | RuntimeException e) {
            // the open-files limit, most likely: the table has grown as far as it could
        } finally {
            for (Pipe p : pipes) {
                closeQuietly(p);
            }
        }
    }

    /** The table's size now ({@code FDSize} in /proc/self/status), or -1 when unknown. */
    static long size() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("FDSize:")) {
                    return Long.parseLong(line.substring("FDSize:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Descriptors open now, or -1 when unknown. */
    static int openNow() {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path ignored : fds) {
                n++;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return n;
    }

    private static void closeQuietly(Pipe p) {
        try {
            p.source().close();
        } catch (IOException e) {
            // a pipe nobody used: nothing to lose
        }
        try {
            p.sink().close();
        } catch (IOException e) {
            // as above
        }
    }
}
