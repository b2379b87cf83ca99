package dev.tcpswarm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of a test's own, with a unique name, deleted (its processes killed first) on
 * close; optionally with its own /etc/hosts and resolv.conf (through /etc/netns/NAME, which
 * {@code ip netns exec} mounts over /etc), so name lookups stay inside it. Where namespaces cannot be
 * made, the test is skipped, but fails when CI is set (every claim is checked in CI).
 */
final class NetworkNamespace implements AutoCloseable {
    final String name;
    private final Path etc;

    private NetworkNamespace(String name) {
        this.name = name;
        this.etc = Path.of("/etc/netns", name);
    }

    /** A fresh namespace; its loopback is up when {@code loopbackUp}. */
    static NetworkNamespace create(String what, boolean loopbackUp) throws InterruptedException {
        String name = "tcpswarm-" + what + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        Kernel.Result add = Kernel.exec("ip", "netns", "add", name);
        if (add.exit() != 0) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI needs network namespaces: ip netns add failed: " + add.out());
            }
            Assumptions.abort("cannot create a network namespace here: " + add.out());
        }
        NetworkNamespace ns = new NetworkNamespace(name);
        if (loopbackUp) {
            Kernel.run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        }
        return ns;
    }

    /** The prefix that runs a command inside. */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside, which must succeed; its output. */
    String run(String... command) throws InterruptedException {
        String[] full = Stream.concat(exec().stream(), Stream.of(command)).toArray(String[]::new);
        return Kernel.run(full);
    }

    /**
     * Writes this namespace's /etc/hosts (in place, so the mount that a running process sees follows)
     * and a resolv.conf whose server is the namespace's own loopback, where nothing answers.
     */
    void hosts(String content) throws IOException {
        Files.createDirectories(etc);
        Path resolv = etc.resolve("resolv.conf");
        if (!Files.exists(resolv)) {
            Files.writeString(resolv, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
        }
        Files.writeString(etc.resolve("hosts"), content); // truncates and rewrites the same file
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

    @Override
    public void close() throws IOException {
        try {
            Kernel.exec("ip", "netns", "pids", name).out().lines().filter(l -> l.matches("\\d+"))
                    .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
            Kernel.exec("ip", "netns", "delete", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Files.exists(etc)) {
            try (Stream<Path> files = Files.walk(etc)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
