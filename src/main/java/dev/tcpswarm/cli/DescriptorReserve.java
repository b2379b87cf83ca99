package dev.tcpswarm.cli;

import dev.tcpswarm.stats.ProcessMemory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * File descriptors kept back for the end of a run. Every connection is a descriptor, so a run can
 * use all that the open-files limit allows; its end still needs a few: the --json and --junit files
 * (a temporary file each), the time-zone data Jackson loads on first use, a class or library loaded
 * late. So a command takes these before anything is opened for the run (before the prompt, with its
 * event loops) and releases them once dialing has stopped, before the report and the files; the
 * peak-memory file is opened for good at the same time (see {@link ProcessMemory}). Held and
 * released by the command's thread.
 */
final class DescriptorReserve implements AutoCloseable {
    /** Descriptors kept back: the end of a run opens at most two at once; the rest is margin. */
    static final int DESCRIPTORS = 8;
    private static final Path DEV_NULL = Path.of("/dev/null");

    private final List<FileChannel> held = new ArrayList<>();

    private DescriptorReserve() {
    }

    /** Takes up to {@link #DESCRIPTORS} descriptors (fewer where fewer are left: best effort). */
    static DescriptorReserve take() {
        ProcessMemory.peakRssBytes(); // opens its file now, while descriptors are left
        DescriptorReserve reserve = new DescriptorReserve();
        try {
            for (int i = 0; i < DESCRIPTORS; i++) {
                reserve.held.add(FileChannel.open(DEV_NULL, StandardOpenOption.READ));
            }
        } catch (IOException e) {
            // none left: the end of the run will have what the connections leave
        }
        return reserve;
    }

    /** Gives the descriptors back, for the end of the run; a second call does nothing. */
    void release() {
        for (FileChannel channel : held) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing /dev/null does not fail, and the descriptor is released either way
            }
        }
        held.clear();
    }

    @Override
    public void close() {
        release();
    }
}
