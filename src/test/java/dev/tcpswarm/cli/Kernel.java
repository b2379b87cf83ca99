package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The kernel's own view, for tests that check tcpswarm's counts against it: {@code ss} socket
 * counts, and commands such as {@code ip netns}, each bounded in time.
 */
final class Kernel {
    private static final long COMMAND_SECONDS = 30;

    record Result(int exit, String out) {
    }

    private Kernel() {
    }

    /** Runs a command to its end (stderr merged into the output); exit -1 when it could not start. */
    static Result exec(String... command) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        // Read on this thread: ss prints one line per socket, the pipe must not fill up.
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
        } catch (IOException e) {
            out = new byte[0];
        }
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": still running after " + COMMAND_SECONDS + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; returns its output. */
    static String run(String... command) throws InterruptedException {
        Result r = exec(command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exit() + "): " + r.out());
        }
        return r.out();
    }

    /**
     * Counts the TCP sockets {@code ss -Htn} lists for a filter, e.g.
     * {@code "state", "established", "dst", "127.0.0.1:9000"} (with {@code dst}: the client side of
     * connections to that port; with {@code src}: the server side).
     */
    static long tcpSockets(String... filter) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ss", "-Htan"));
        cmd.addAll(List.of(filter));
        return run(cmd.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).count();
    }

    /** Client-side sockets in {@code state} connected to 127.0.0.1:port. */
    static long clientSockets(String state, int port) throws InterruptedException {
        return tcpSockets("state", state, "dst", "127.0.0.1:" + port);
    }

    /** Server-side sockets in {@code state} on local port 127.0.0.1:port (listeners excluded by the state). */
    static long serverSockets(String state, int port) throws InterruptedException {
        return tcpSockets("state", state, "src", "127.0.0.1:" + port);
    }

    /** Waits up to {@code seconds} for {@code actual} to reach {@code expected}, then asserts it. */
    static void awaitEquals(long expected, Count actual, long seconds, String what)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = actual.get();
        while (last != expected && System.nanoTime() < until) {
            Thread.sleep(50);
            last = actual.get();
        }
        assertEquals(expected, last, what);
    }

    /** ::1, or the test is skipped where this machine has no IPv6 loopback. */
    static InetAddress ipv6LoopbackOrSkip() {
        try {
            InetAddress ipv6 = InetAddress.getByName("::1");
            new ServerSocket(0, 1, ipv6).close();
            return ipv6;
        } catch (IOException e) {
            Assumptions.abort("::1 not available here: " + e);
            throw new IllegalStateException(e); // not reached: abort throws
        }
    }

    /** A count that may run a command (so it may be interrupted). */
    @FunctionalInterface
    interface Count {
        long get() throws InterruptedException;
    }
}
