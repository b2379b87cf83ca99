package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of a test's own, with its loopback up: a unique name per run
 * ({@code tcpswarm-<what>-<pid>-<random>}), and on {@link #close()} every process still inside is
 * killed and the namespace deleted. Where namespaces cannot be made (no root, a container) the
 * test is skipped, except in CI ({@code CI} set), where it fails: CI must check every claim.
 */
final class TestNamespace implements AutoCloseable {
    final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    static TestNamespace create(String what) throws InterruptedException {
        String name = "tcpswarm-" + what + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        Kernel.Result add = Kernel.exec("ip", "netns", "add", name);
        if (add.exit() != 0) {
            String why = "cannot create a network namespace here (ip netns add): " + add.out().trim();
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        TestNamespace ns = new TestNamespace(name);
        try {
            Kernel.run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        } catch (AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The prefix that runs a command inside: {@code ip netns exec NAME}. */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside, which must succeed; returns its output. */
    String run(String... command) throws InterruptedException {
        String[] full = new String[command.length + 4];
        System.arraycopy(new String[] {"ip", "netns", "exec", name}, 0, full, 0, 4);
        System.arraycopy(command, 0, full, 4, command.length);
        return Kernel.run(full);
    }

    @Override
    public void close() {
        try {
            deleteWithProcesses();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting network namespace " + name, e);
        }
    }

    private void deleteWithProcesses() throws InterruptedException {
        Kernel.exec("ip", "netns", "pids", name).out().lines().filter(l -> l.matches("\\d+"))
                .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
                }));
        Kernel.run("ip", "netns", "delete", name);
    }
}
