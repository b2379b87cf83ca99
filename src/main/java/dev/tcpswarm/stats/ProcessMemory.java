package dev.tcpswarm.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident memory, as the kernel counts it (VmHWM in /proc/self/status). */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak resident set size in bytes, or -1 where the kernel does not say. */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
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
}
