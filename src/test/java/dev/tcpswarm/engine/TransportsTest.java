package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.cli.Kernel;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine over each transport it can use here: native epoll (where it loads) and NIO (always,
 * the fallback on every other platform), dialing real sockets to real servers. The same server
 * behaviour gives the same counts on both, and on every run.
 */
class TransportsTest {
    static Stream<Transport> transports() {
        Transport detected = Transport.detect();
        return detected.isEpoll() ? Stream.of(detected, Transport.nio()) : Stream.of(detected);
    }

    private static RunResult run(Transport transport, LoadPlan plan) throws Exception {
        try (LoadRun run = new LoadRun(plan, transport, DialObserver.NONE, 0)) {
            return run.execute(new RunControl());
        }
    }

    private static BuiltInServer server(Transport transport, ServerMode mode, int maxConnections) throws Exception {
        return BuiltInServer.start(transport, InetAddress.getLoopbackAddress(), 0, mode, maxConnections, 1);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void everyConnectionToAHoldingServerIsEstablishedAndTheServerCountsEachOnce(Transport transport) throws Exception {
        try (BuiltInServer server = server(transport, ServerMode.HOLD, 0)) {
            RunResult result = run(transport, LoadRunTest.plan(server.port(), 500, 0, 5000));
            assertEquals(500, result.totals().everEstablished(), result.counts().toString());
            assertEquals(500, result.counts().established());
            assertEquals(500, result.totals().connectLatency().getTotalCount());
            Kernel.awaitEquals(500, server::accepted, 10, "server accepted");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aClosedPortIsRefused(Transport transport) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RunResult result = run(transport, LoadRunTest.plan(port, 50, 0, 2000));
        assertEquals(50, result.totals().errors(ErrorReason.REFUSED), result.counts().toString());
        assertEquals(50, result.totals().timeToError().getTotalCount());
    }

    /**
     * A server that accepts and resets every connection: whether the reset arrives before or after
     * the connect's completion is seen (ECONNRESET from finishing the connect, or a reset on an open
     * connection), each one was established and then reset by the server. Five runs, the same counts
     * each time: no error, all 300 established, as many as the server accepted; only how many resets
     * were still on their way at the end (open versus closed) may differ.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void aResettingServerGivesTheSameCountsOnEveryRun(Transport transport) throws Exception {
        for (int i = 0; i < 5; i++) {
            try (BuiltInServer server = server(transport, ServerMode.RESET, 0)) {
                RunResult result = run(transport, LoadRunTest.plan(server.port(), 300, 0, 5000));
                TrackerTotals t = result.totals();
                String what = "run " + (i + 1) + ": " + result.counts();
                assertEquals(0, result.counts().error(), what);
                assertEquals(300, t.everEstablished(), what);
                assertEquals(300, result.counts().established() + result.counts().closed(), what);
                assertEquals(result.counts().closed(), t.closedByReset(), what);
                assertEquals(300, t.connectLatency().getTotalCount(), what);
                Kernel.awaitEquals(300, server::accepted, 10, "server accepted, " + what);
            }
        }
    }

    /**
     * A server that holds 100 and resets the rest, the connections held for half a second so every
     * reset arrives: 300 established, 100 still open and 200 closed by a reset on every run, never
     * an error, and the server's own counts agree.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void aServerThatResetsPastItsLimitGivesTheSameCountsOnEveryRun(Transport transport) throws Exception {
        for (int i = 0; i < 5; i++) {
            try (BuiltInServer server = server(transport, ServerMode.HOLD, 100)) {
                LoadPlan plan = LoadRunTest.plan(server.port(), 300, 0, 5000);
                LoadPlan held = new LoadPlan(plan.target(), 300, 0, 5000, TimeUnit.MILLISECONDS.toNanos(500), false, 0,
                        plan.closeMode(), plan.sources(), plan.threads());
                RunResult result = run(transport, held);
                TrackerTotals t = result.totals();
                String what = "run " + (i + 1) + ": " + result.counts();
                assertEquals(0, result.counts().error(), what);
                assertEquals(300, t.everEstablished(), what);
                assertEquals(100, result.counts().established(), what);
                assertEquals(200, result.counts().closed(), what);
                assertEquals(200, t.closedByReset(), what);
                assertEquals(300, server.accepted(), what);
                assertEquals(200, server.counts().rejected(), what);
            }
        }
    }
}
