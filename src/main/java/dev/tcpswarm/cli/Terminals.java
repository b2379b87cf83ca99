package dev.tcpswarm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard input or output is an interactive terminal. {@code System.console()} is not
 * trusted for this (its meaning changed across JDKs); on Linux the file descriptor's link tells.
 */
public final class Terminals {
    private Terminals() {
    }

    public static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    public static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    /** Whether what goes to standard output may be coloured: it is a terminal, and NO_COLOR (no-color.org) is not set. */
    public static boolean colourOnStdout() {
        String noColour = System.getenv("NO_COLOR");
        return stdoutIsTerminal() && (noColour == null || noColour.isEmpty());
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
