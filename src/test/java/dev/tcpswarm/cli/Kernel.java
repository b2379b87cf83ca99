package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The kernel's own view, for tests that check tcpswarm's counts against it: {@code ss} socket
 * counts, and commands such as {@code ip netns}, each bounded in time; network namespaces of a
 * test's own; and the one rule for a test this machine cannot run ({@link #requireOrSkip}). Public:
 * tests in other packages use that rule too.
 */
public final class Kernel {
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
    public static void awaitEquals(long expected, Count actual, long seconds, String what)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = actual.get();
        while (last != expected && System.nanoTime() < until) {
            Thread.sleep(50);
            last = actual.get();
        }
        assertEquals(expected, last, what);
    }

    /**
     * Waits up to {@code seconds} for {@code actual} to reach at least {@code least}, then asserts it:
     * for a count that moves on by itself (a paced run's accepted connections), where waiting for an
     * exact value could miss it between two looks.
     */
    public static void awaitAtLeast(long least, Count actual, long seconds, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = actual.get();
        while (last < least && System.nanoTime() < until) {
            Thread.sleep(5);
            last = actual.get();
        }
        if (last < least) {
            fail(what + ": expected at least " + least + " but was " + last);
        }
    }

    /**
     * The one rule for a test that needs something this machine may not offer (network namespaces,
     * an IPv6 loopback, a tool, a readable /proc file): without it the test is skipped with
     * {@code why}, except where the {@code CI} environment variable is set. There it fails: CI must
     * check every claim, so a missing capability is an error to fix in CI's set-up, not a silent skip.
     */
    public static void requireOrSkip(boolean available, String why) {
        if (available) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail("CI is set, so this test may not be skipped: " + why);
        }
        Assumptions.abort(why);
    }

    /** ::1, or the test is skipped (failed in CI) where this machine has no IPv6 loopback. */
    public static InetAddress ipv6LoopbackOrSkip() {
        try {
            InetAddress ipv6 = InetAddress.getByName("::1");
            new ServerSocket(0, 1, ipv6).close();
            return ipv6;
        } catch (IOException e) {
            requireOrSkip(false, "::1 not available here: " + e);
            throw new IllegalStateException(e); // not reached: the line above throws
        }
    }

    /**
     * A network namespace of the test's own, named uniquely for this run
     * ({@code tcpswarm-WHAT-PID-RANDOM}, so parallel or leftover runs never share one), with its
     * loopback up or down as asked, and optionally its own /etc/hosts (through /etc/netns/NAME, which
     * {@code ip netns exec} mounts over /etc, so name lookups stay inside it); {@link #close()} kills
     * whatever still runs in it, then deletes it and its /etc/netns/NAME. Where namespaces cannot be
     * made the test is skipped (failed in CI). The one namespace helper of the tests.
     */
    static final class Namespace implements AutoCloseable {
        final String name;

        private Namespace(String name) {
            this.name = name;
        }

        static Namespace create(String what, boolean loopbackUp) throws InterruptedException {
            String name = "tcpswarm-" + what + "-" + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt());
            Result add = Kernel.exec("ip", "netns", "add", name);
            requireOrSkip(add.exit() == 0, "cannot create a network namespace here: " + add.out());
            Namespace ns = new Namespace(name);
            if (loopbackUp) {
                ns.run("ip", "link", "set", "lo", "up");
            }
            return ns;
        }

        /** The prefix that runs a command inside: {@code ip netns exec NAME}. */
        List<String> exec() {
            return List.of("ip", "netns", "exec", name);
        }

        /** Runs a command inside that must succeed; returns its output. */
        String run(String... command) throws InterruptedException {
            List<String> cmd = new ArrayList<>(exec());
            cmd.addAll(List.of(command));
            return Kernel.run(cmd.toArray(String[]::new));
        }

        /**
         * Writes this namespace's /etc/hosts (in place, so the mount a running process sees follows)
         * and a resolv.conf whose server is the namespace's own loopback, where nothing answers.
         */
        void hosts(String content) throws IOException {
            Files.createDirectories(etc());
            Path resolv = etc().resolve("resolv.conf");
            if (!Files.exists(resolv)) {
                Files.writeString(resolv, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
            }
            Files.writeString(etc().resolve("hosts"), content); // truncates and rewrites the same file
        }

        /** TCP sockets in {@code state} whose {@code side} ("src" or "dst") is {@code address}, per ss. */
        long sockets(String state, String side, String address) throws InterruptedException {
            return run("ss", "-Htan", "state", state, side, address).lines().filter(l -> !l.isBlank()).count();
        }

        /** One of the namespace's SNMP counters, per nstat (e.g. TcpOutRsts). */
        long counter(String counter) throws InterruptedException {
            return run("nstat", "-az", counter).lines().filter(l -> l.startsWith(counter + " ")).findFirst()
                    .map(l -> Long.parseLong(l.trim().split("\\s+")[1]))
                    .orElseThrow(() -> new AssertionError("nstat has no " + counter));
        }

        private Path etc() {
            return Path.of("/etc/netns", name);
        }

        @Override
        public void close() {
            try {
                List<ProcessHandle> inside = Kernel.exec("ip", "netns", "pids", name).out().lines()
                        .filter(l -> l.matches("\\d+")).map(pid -> ProcessHandle.of(Long.parseLong(pid)))
                        .flatMap(Optional::stream).toList();
                inside.forEach(ProcessHandle::destroyForcibly);
                for (ProcessHandle p : inside) {
                    p.onExit().get(COMMAND_SECONDS, TimeUnit.SECONDS);
                }
                Kernel.run("ip", "netns", "delete", name);
                if (Files.exists(etc())) {
                    try (Stream<Path> files = Files.walk(etc())) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            } catch (IOException e) {
                throw new AssertionError("cannot delete /etc/netns/" + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while deleting namespace " + name, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("a process in namespace " + name + " did not end", e);
            }
        }
    }

    /** A count that may run a command (so it may be interrupted). */
    @FunctionalInterface
    public interface Count {
        long get() throws InterruptedException;
    }
}
