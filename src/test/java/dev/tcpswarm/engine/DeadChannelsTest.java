package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection that is over (refused, or closed by the server) lets go of its channel at once: a
 * long run or a long hold does not keep thousands of dead channels, with their buffers and
 * pipelines, reachable until it ends. Counted on this JVM's heap with {@code jcmd
 * GC.class_histogram}, which collects first and counts live objects only.
 */
class DeadChannelsTest {
    private static final int N = 2000;

    /** N unpaced connections to {@code port}, held {@code holdMillis} once resolved. */
    private static LoadPlan plan(int port, long holdMillis) {
        return new LoadPlan(new Target("127.0.0.1", port, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)),
                N, 0, 2000, TimeUnit.MILLISECONDS.toNanos(holdMillis), false, 0, CloseMode.RST, List.of(), 2);
    }

    /** Live socket channel objects (either transport's) on this JVM's heap. */
    private static long liveSocketChannels() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(ProcessHandle.current().pid()),
                "GC.class_histogram").redirectErrorStream(true).start();
        String histogram = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, histogram);
        long n = 0;
        for (String line : histogram.lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 4 && (cells[3].equals("io.netty.channel.epoll.EpollSocketChannel")
                    || cells[3].equals("io.netty.channel.socket.nio.NioSocketChannel"))) {
                n += Long.parseLong(cells[1]);
            }
        }
        return n;
    }

    @Test
    void refusedConnectionsDoNotKeepTheirChannels() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (LoadRun run = new LoadRun(plan(port, 0), Transport.detect(), DialObserver.NONE, 0)) {
            RunResult result = run.execute(new RunControl());
            assertEquals(N, result.totals().errors(ErrorReason.REFUSED));
            // the run is over but not closed: whatever it still holds is reachable now
            long live = liveSocketChannels();
            assertTrue(live < N / 20, live + " socket channels still reachable after " + N + " refused connections");
        }
    }

    @Test
    void connectionsTheServerClosedDoNotKeepTheirChannels() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.CLOSE, 0, 1)) {
            try (LoadRun run = new LoadRun(plan(server.port(), 500), Transport.detect(),
                    DialObserver.NONE, 0)) {
                RunResult result = run.execute(new RunControl());
                assertEquals(N, result.counts().closed(), result.counts().toString());
                long live = liveSocketChannels();
                assertTrue(live < N / 20, live + " socket channels still reachable after the server closed " + N);
            }
        }
    }
}
