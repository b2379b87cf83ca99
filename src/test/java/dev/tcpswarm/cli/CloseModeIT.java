package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code --close} leaves in the kernel: rst (the default) leaves no TIME_WAIT on the client, so
 * back-to-back runs do not starve each other of ports; fin closes in order, and the client side,
 * closing first, enters TIME_WAIT as TCP says it must.
 *
 * <p>Each test runs the real jar, server and client, in a network namespace of its own: TIME_WAIT
 * entries are counted exactly, and on the shared host stack the kernel's TIME_WAIT reuse (tcp_tw_reuse
 * on loopback) lets other tests' connections take entries away (seen: 48 and 49 of 50 in full suites).
 */
@Timeout(90)
class CloseModeIT {
    private static final int N = 50;
    private static final int PORT = 9003;

    private Kernel.Namespace ns;
    private List<String> inNs;

    @BeforeEach
    void makeNamespace() throws Exception {
        ns = Kernel.Namespace.create("close", true);
        inNs = ns.exec();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (ns != null) {
            ns.close();
        }
    }

    private long sockets(String state, String side) throws InterruptedException {
        return ns.run("ss", "-Htan", "state", state, side, "127.0.0.1:" + PORT).lines().filter(l -> !l.isBlank())
                .count();
    }

    /** Runs {@code -c N} with {@code --close mode} against the built-in server in the namespace. */
    private void runAgainstServer(String mode) throws Exception {
        try (JarProcess server = JarProcess.startWith(inNs, "serve", "--port", String.valueOf(PORT), "-i", "0")) {
            server.awaitLine("listening on 127.0.0.1:" + PORT, 30);
            try (JarProcess run = JarProcess.startWith(inNs, "run", "127.0.0.1", String.valueOf(PORT), "-c",
                    String.valueOf(N), "-s", "0", "--close", mode, "-y", "-i", "0")) {
                assertEquals(0, run.awaitExit(60), run.stdout() + run.stderr());
                assertTrue(run.stdout().contains("Total established connections: " + N), run.stdout());
            }
            Kernel.awaitEquals(0, () -> sockets("established", "src"), 10, "the server saw every close");
        }
    }

    @Test
    void rstLeavesNoTimeWaitOnTheClient() throws Exception {
        runAgainstServer("rst");
        Thread.sleep(300);
        assertEquals(0, sockets("time-wait", "dst"), "client TIME_WAIT after --close rst");
        assertEquals(0, ns.run("ss", "-Htan", "dst", "127.0.0.1:" + PORT).lines().filter(l -> !l.isBlank()).count(),
                "no client socket left in any state");
    }

    @Test
    void finPutsTheClientSideInTimeWait() throws Exception {
        runAgainstServer("fin");
        // The server answers each FIN with its own; then every client socket is in TIME_WAIT.
        Kernel.awaitEquals(N, () -> sockets("time-wait", "dst"), 10, "client TIME_WAIT after --close fin");
        assertEquals(0, sockets("time-wait", "src"), "the side that closes first waits, not the server");
    }
}
