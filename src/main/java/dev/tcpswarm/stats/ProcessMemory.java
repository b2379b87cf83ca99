package dev.tcpswarm.stats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The process's peak resident memory, as the kernel counts it (VmHWM in /proc/self/status). The
 * file is opened once, on the first call, and kept open: a run that has used every file descriptor
 * the open-files limit allows still gets its peak memory (each call reads the file again from its
 * start). Any thread.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static FileChannel status; // guarded by ProcessMemory.class

    private ProcessMemory() {
    }

    /** Peak resident set size in bytes, or -1 where the kernel does not say. */
    public static synchronized long peakRssBytes() {
        try {
            if (status == null) {
                status = FileChannel.open(STATUS, StandardOpenOption.READ);
            }
            for (String line : read(status).split("\n")) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The whole file, read from its start (a /proc file is made anew for each read from offset 0). */
    private static String read(FileChannel file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        long position = 0;
        for (int n; (n = file.read(buffer, position)) > 0; ) {
            position += n;
            if (!buffer.hasRemaining()) {
                buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }
}
