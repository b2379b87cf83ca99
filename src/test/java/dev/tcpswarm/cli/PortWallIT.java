package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ephemeral-port wall, for real, in a network namespace of its own whose port range is only
 * 1,000 ports wide (40000-40999): spread over three source addresses, 2,500 connections all get
 * through; from one address, past half the range, tcpswarm picks the local ports itself (in order,
 * skipping one in use), and the ones past the wall fail with "local ports exhausted" and the user
 * was warned before the run. Skipped where network namespaces cannot be made (no root, a container),
 * except in CI, where that fails.
 */
@Timeout(120)
class PortWallIT {
    private static final int RANGE_LOW = 40000;
    private static final int RANGE_HIGH = 40999;
    private static final Pattern FINAL_STATUS = Pattern.compile("accepted: (\\d+), open: \\d+, peak: (\\d+), .*");
    private static Kernel.Namespace ns;
    private static List<String> inNs;

    @BeforeAll
    static void makeNamespace() throws Exception {
        ns = Kernel.Namespace.create("portwall", true);
        inNs = ns.exec();
        ns.run("sysctl", "-qw", "net.ipv4.ip_local_port_range=" + RANGE_LOW + " " + RANGE_HIGH);
        String range = ns.run("cat", "/proc/sys/net/ipv4/ip_local_port_range").trim();
        assertEquals(RANGE_LOW + "\t" + RANGE_HIGH, range);
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        if (ns != null) {
            ns.close();
        }
    }

    /** The built-in server inside the namespace on {@code port} (outside the ephemeral range, so it takes none). */
    private static JarProcess serve(int port) throws Exception {
        JarProcess server = JarProcess.startWith(inNs, "serve", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "-i", "0");
        server.awaitLine("listening on 127.0.0.1:" + port, 30);
        return server;
    }

    /** Stops the server with SIGTERM and returns how many connections it accepted, from its last line. */
    private static long stopAndCountAccepted(JarProcess server) throws Exception {
        server.signal("TERM");
        assertEquals(0, server.awaitExit(20));
        String last = server.stdout().lines().reduce((a, b) -> b).orElse("");
        Matcher m = FINAL_STATUS.matcher(last);
        assertTrue(m.matches(), "final status line: " + last);
        return Long.parseLong(m.group(1));
    }

    @Test
    void spreadOverThreeSourceAddresses2500GetThroughAThousandPortRange() throws Exception {
        try (JarProcess server = serve(9001)) {
            try (JarProcess run = JarProcess.startWith(inNs, "run", "127.0.0.1", "9001", "-c", "2500", "-s", "0",
                    "--source", "127.0.0.1-127.0.0.3", "-y", "-i", "0", "--output", "json")) {
                int exit = run.awaitExit(60);
                String out = run.stdout();
                assertEquals(0, exit, out + run.stderr());
                JsonNode r = new ObjectMapper().readTree(out);
                assertEquals(2500, r.at("/counts/established").asLong());
                assertEquals(0, r.at("/counts/error").asLong(), r.at("/errors_by_reason").toString());
                assertEquals(3, r.at("/settings/sources").size());
            }
            assertEquals(2500, stopAndCountAccepted(server));
        }
    }

    /**
     * 800 connections from one address pass half the 1,000-port range: each loop binds its
     * connections to the ports of its own share of the range in turn (40000-40499 and 40500-40999
     * with two loops) instead of leaving the choice to the kernel, which would hand out the even
     * ports first. The server listens on 40001, inside the range: that port is in use, and is
     * skipped. The ports the administrator reserved (net.ipv4.ip_local_reserved_ports, here
     * 40100-40149), which the kernel never hands out, are not picked either. Every connection gets
     * through, and the server accepted exactly those.
     */
    @Test
    void pastHalfTheRangeFromOneAddressThePortsArePickedInOrderAndOneInUseIsSkipped() throws Exception {
        int port = 40001;
        ns.run("sysctl", "-qw", "net.ipv4.ip_local_reserved_ports=40100-40149");
        try (JarProcess server = serve(port)) {
            try (JarProcess run = JarProcess.startWith(inNs, "run", "127.0.0.1", String.valueOf(port), "-c", "800",
                    "-s", "0", "--threads", "2", "--hold", "30s", "-y", "-i", "0", "--output", "json")) {
                Kernel.awaitEquals(800, () -> ns.run("ss", "-Htn", "state", "established", "dst",
                        "127.0.0.1:" + port).lines().filter(l -> !l.isBlank()).count(), 30, "established, by ss");
                TreeSet<Integer> ports = new TreeSet<>();
                for (String line : ns.run("ss", "-Htn", "state", "established", "dst", "127.0.0.1:" + port).lines()
                        .filter(l -> !l.isBlank()).toList()) {
                    String local = line.trim().split("\\s+")[2];
                    ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)));
                }
                assertEquals(800, ports.size(), "one port each");
                assertTrue(ports.first() >= RANGE_LOW && ports.last() <= RANGE_HIGH, ports.first() + "-" + ports.last());
                assertTrue(!ports.contains(port), "the server's port was skipped");
                List<Integer> runsStart = new java.util.ArrayList<>();
                Integer previous = null;
                for (int p : ports) {
                    if (previous == null || p != previous + 1) {
                        runsStart.add(p);
                    }
                    previous = p;
                }
                assertEquals(List.of(40000, 40002, 40150, 40500), runsStart,
                        "each loop from the start of its share, in order, the reserved ones skipped; ports: " + ports);
                run.signal("INT"); // end the hold
                assertEquals(1, run.awaitExit(30), run.stderr());
                JsonNode r = new ObjectMapper().readTree(run.stdout());
                assertEquals(800, r.at("/counts/established").asLong(), r.toString());
                assertEquals(0, r.at("/counts/error").asLong(), r.at("/errors_by_reason").toString());
            }
            assertEquals(800, stopAndCountAccepted(server));
        } finally {
            ns.run("sysctl", "-qw", "net.ipv4.ip_local_reserved_ports=");
        }
    }

    /**
     * With {@code --close fin} every connection leaves a port in TIME_WAIT for a minute. The kernel
     * reuses those towards loopback once they are a second old (tcp_tw_reuse), but not a port a
     * program bound itself, and its own search then skips such a port even for other programs. So
     * tcpswarm leaves the ports to the kernel when it closes with FIN: two runs of 800 two seconds
     * apart in the 1,000-port range both get through (with picked ports the second had 200).
     */
    @Test
    void closingWithFinTwoRunsBackToBackBothGetThrough() throws Exception {
        try (JarProcess server = serve(9003)) {
            for (int round = 1; round <= 2; round++) {
                if (round == 2) {
                    Thread.sleep(2000); // the kernel reuses a TIME_WAIT port once it is a second old
                }
                try (JarProcess run = JarProcess.startWith(inNs, "run", "127.0.0.1", "9003", "-c", "800", "-s", "0",
                        "--close", "fin", "-y", "-i", "0", "--output", "json")) {
                    int exit = run.awaitExit(60);
                    String out = run.stdout();
                    assertEquals(0, exit, "round " + round + ": " + out + run.stderr());
                    JsonNode r = new ObjectMapper().readTree(out);
                    assertEquals(800, r.at("/counts/established").asLong(), "round " + round + ": " + r.at("/counts"));
                }
            }
            assertEquals(1600, stopAndCountAccepted(server));
        }
    }

    @Test
    void fromOneAddressTheOnesPastTheWallFailAsLocalPortsExhausted() throws Exception {
        try (JarProcess server = serve(9002)) {
            long established;
            try (JarProcess run = JarProcess.startWith(inNs, "run", "127.0.0.1", "9002", "-c", "1500", "-s", "0",
                    "-y", "-i", "0", "--output", "json")) {
                int exit = run.awaitExit(60);
                String out = run.stdout();
                String err = run.stderr();
                assertEquals(2, exit, out + err);
                JsonNode r = new ObjectMapper().readTree(out);
                established = r.at("/counts/established").asLong();
                long exhausted = r.at("/errors_by_reason/ports_exhausted").asLong();
                assertTrue(established >= 950 && established <= 1000, "about the 1,000 ports: " + established);
                assertEquals(1500 - established, exhausted, r.at("/errors_by_reason").toString());
                assertEquals(exhausted, r.at("/counts/error").asLong(), "no other failure");

                // Warned before the run: the first line on stderr says it will not fit, and how to fix it.
                String first = err.lines().findFirst().orElse("");
                assertTrue(first.startsWith("tcpswarm: warning: 1500 connections per source address will not fit in "
                        + "the 1000 ephemeral ports (40000-40999)"), "stderr:\n" + err);
                assertTrue(first.contains("--source") && first.contains("ip_local_port_range"), first);
            }
            assertEquals(established, stopAndCountAccepted(server), "the server accepted the established ones only");
        }
    }
}
