package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.established.EstablishedScanner;
import dev.tcpswarm.established.EstablishedSnapshot;
import dev.tcpswarm.established.PortCount;
import dev.tcpswarm.established.ProcNetSource;
import dev.tcpswarm.established.ScanSettings;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code established} against the real kernel of this host: connections held by {@code tcpswarm run
 * --hold} against the built-in server (the server that {@code tcpswarm serve} runs) on 127.0.0.1 and
 * ::1, counted per port and family exactly as {@code ss} counts them, the clients' own sockets left
 * out, ages on a clock the test drives, and closed connections gone. One real-time check of
 * {@code --once --min-age}. Only this test's ports are asserted on: the host is shared.
 */
@Timeout(90)
class EstablishedKernelTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ExecutorService runner = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopRunner() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    private Future<Cli.Outcome> hold(String host, int port, int connections, String hold) {
        return runner.submit(() -> Cli.run(host, String.valueOf(port), "-c", String.valueOf(connections), "-s", "0",
                "--hold", hold, "-y", "-i", "0"));
    }

    /** Server-side established sockets on local port {@code port}, as ss counts them. */
    private static long ssServerSide(int port) throws InterruptedException {
        return Kernel.tcpSockets("state", "established", "( sport = :" + port + " )");
    }

    private static String row(EstablishedSnapshot s, int port) {
        return s.rows().stream().filter(r -> r.port() == port)
                .map(r -> r.family().label() + "=" + r.established() + "/" + r.longLived())
                .collect(Collectors.joining(" "));
    }

    @Test
    void heldConnectionsCountedAsSsCountsThemWithAgesOnADrivenClock() throws Exception {
        InetAddress ipv6 = Kernel.ipv6LoopbackOrSkip();
        long[] clock = {5_000 * SECOND};
        try (BuiltInServer v4 = BuiltInServer.start(InetAddress.getByName("127.0.0.1"), 0, ServerMode.HOLD, 0, 1);
                BuiltInServer v6 = BuiltInServer.start(ipv6, 0, ServerMode.HOLD, 0, 1)) {
            Future<Cli.Outcome> run4 = hold("127.0.0.1", v4.port(), 40, "4s");
            Future<Cli.Outcome> run6 = hold("::1", v6.port(), 25, "4s");
            Kernel.awaitEquals(40, v4::openNow, 30, "IPv4 connections held");
            Kernel.awaitEquals(25, v6::openNow, 30, "IPv6 connections held");

            EstablishedScanner scanner = new EstablishedScanner(ProcNetSource.ownNamespace(),
                    new ScanSettings(Set.of(), true, -1, 6 * SECOND), () -> clock[0]);
            EstablishedSnapshot s = scanner.scan();
            assertEquals("ipv4=40/0", row(s, v4.port()));
            assertEquals("ipv6=25/0", row(s, v6.port()));
            assertEquals(ssServerSide(v4.port()), 40);
            assertEquals(ssServerSide(v6.port()), 25);
            // The clients' sockets are established too, from ephemeral ports that do not listen: not counted.
            // (an IPv4 and an IPv6 client may share a port number: count sockets, then look ports up)
            List<Integer> clientSockets = Kernel.run("ss", "-Htn", "state", "established", "( dport = :" + v4.port()
                    + " or dport = :" + v6.port() + " )").lines().filter(l -> !l.isBlank())
                    .map(l -> l.trim().split("\\s+")[2]).map(a -> Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)))
                    .collect(Collectors.toList());
            assertEquals(65, clientSockets.size());
            Set<Integer> clientPorts = Set.copyOf(clientSockets);
            for (PortCount r : s.rows()) {
                assertTrue(!clientPorts.contains(r.port()), "a client's port was counted: " + r);
            }

            clock[0] += 6 * SECOND - 1;
            assertEquals("ipv4=40/0", row(scanner.scan(), v4.port()));
            clock[0] += 1;
            s = scanner.scan();
            assertEquals("ipv4=40/40", row(s, v4.port()));
            assertEquals("ipv6=25/25", row(s, v6.port()));
            assertEquals(6 * SECOND, s.oldestAgeNanosByPort().get(v4.port()));

            assertEquals(0, run4.get(30, TimeUnit.SECONDS).exit());
            assertEquals(0, run6.get(30, TimeUnit.SECONDS).exit());
            Kernel.awaitEquals(0, () -> ssServerSide(v4.port()) + ssServerSide(v6.port()), 10, "all closed");
            s = scanner.scan();
            assertEquals("", row(s, v4.port()), "closed connections are gone");
            assertEquals("", row(s, v6.port()));
        }
    }

    @Test
    void onceWaitsForMinAgeAndCountsOnlyTheConnectionsThatOld() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getByName("127.0.0.1"), 0, ServerMode.HOLD, 0, 1)) {
            int port = server.port();
            // Margins for a loaded machine (load 14 made the old ones, 1.5 s and a 7 s hold, fail): the
            // younger ones are opened 3 s after --once started, so they are younger than its first scan
            // unless that scan came more than 3 s late, and both holds outlast its last scan, 5 s
            // after the first, unless that first scan came about 10 s late.
            Future<Cli.Outcome> older = hold("127.0.0.1", port, 20, "15s");
            Kernel.awaitEquals(20, server::openNow, 30, "the first 20 held");
            long start = System.nanoTime();
            Future<Cli.Outcome> once = runner.submit(() -> Cli.run("established", "--once", "--json", "--min-age", "5s",
                    "-i", "100ms", "--port", String.valueOf(port)));
            // Tracking starts with --once's first scan, at once; the 10 younger ones then live less
            // than 5 - 3 s by the last scan, 5 s after the first.
            Thread.sleep(3000);
            Future<Cli.Outcome> younger = hold("127.0.0.1", port, 10, "12s");
            Kernel.awaitEquals(30, server::openNow, 30, "10 more, opened 3 s after --once started");

            Cli.Outcome o = once.get(30, TimeUnit.SECONDS);
            long tookNanos = System.nanoTime() - start;
            assertEquals(0, o.exit(), o.err());
            assertTrue(tookNanos >= 5 * SECOND, "--once waited for --min-age: " + tookNanos);
            JsonNode r = new ObjectMapper().readTree(o.out());
            assertEquals("tcpswarm.established/v1", r.at("/schema").asText());
            assertEquals(1, r.at("/ports").size(), o.out());
            assertEquals(port, r.at("/ports/0/port").asInt());
            assertEquals("ipv4", r.at("/ports/0/family").asText());
            assertEquals(30, r.at("/ports/0/established").asInt(), o.out());
            assertEquals(20, r.at("/ports/0/long_lived").asInt(), "the 10 younger ones are not --min-age old: " + o.out());
            assertTrue(r.at("/tracked_seconds").asDouble() >= 5.0, o.out());
            assertTrue(r.at("/long_lived_complete").asBoolean());
            assertEquals(30, ssServerSide(port));
            assertEquals(0, older.get(30, TimeUnit.SECONDS).exit());
            assertEquals(0, younger.get(30, TimeUnit.SECONDS).exit());
        }
    }
}
