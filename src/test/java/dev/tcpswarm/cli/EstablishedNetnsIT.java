package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code established --netns-pid} pointed at a process inside a network namespace this test creates,
 * holding the three kinds of inbound connection, each from {@code tcpswarm run --hold} to
 * {@code tcpswarm serve}: IPv4 to an IPv4-only listener (in tcp), IPv6 to a dual-stack listener, and
 * IPv4 to that same dual-stack listener (IPv4-mapped, in tcp6). The namespace holds nothing else, so
 * the rows must be exactly these, and equal to what {@code ss} counts inside it. Then the exporter
 * and {@code --once} watching a process that ends: they say so and stop (exit 1).
 */
@Timeout(150)
class EstablishedNetnsIT {
    private static final String IPV4_ONLY = "JAVA_TOOL_OPTIONS=-Djava.net.preferIPv4Stack=true";

    private static List<String> with(List<String> prefix, String... more) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(more));
        return all;
    }

    private static long ss(Kernel.Namespace ns, String... filter) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ss", "-Htn"));
        cmd.addAll(List.of(filter));
        return ns.run(cmd.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).count();
    }

    /** The JSON rows as {@code port/family=established/long_lived}. */
    private static List<String> rows(Cli.Outcome o) throws Exception {
        assertEquals(0, o.exit(), o.out() + o.err());
        List<String> rows = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(o.out()).at("/ports")) {
            rows.add(r.at("/port").asInt() + "/" + r.at("/family").asText() + "=" + r.at("/established").asInt() + "/"
                    + r.at("/long_lived").asInt());
        }
        return rows;
    }

    @Test
    @SuppressWarnings("try") // the clients are resources held open, never referenced
    void countsTheConnectionsOfAnotherNamespaceAsSsCountsThemThere() throws Exception {
        try (Kernel.Namespace ns = Kernel.Namespace.create("established", true);
                JarProcess ipv4Server = JarProcess.startWith(with(ns.exec(), "env", IPV4_ONLY),
                        "serve", "--port", "9000", "-i", "0");
                JarProcess dualServer = JarProcess.startWith(ns.exec(), "serve", "--bind", "::", "--port", "9001",
                        "-i", "0")) {
            ipv4Server.awaitLine("listening on 127.0.0.1:9000", 30);
            dualServer.awaitLine("listening on [::]:9001", 30);
            try (JarProcess ipv4 = JarProcess.startWith(with(ns.exec(), "env", IPV4_ONLY), "run", "127.0.0.1", "9000",
                    "-c", "30", "-s", "0", "--hold", "60s", "-y", "-i", "0");
                    JarProcess ipv6 = JarProcess.startWith(ns.exec(), "run", "::1", "9001", "-c", "20", "-s", "0",
                            "--hold", "60s", "-y", "-i", "0");
                    JarProcess mapped = JarProcess.startWith(ns.exec(), "run", "127.0.0.1", "9001", "-c", "25", "-s",
                            "0", "--hold", "60s", "-y", "-i", "0")) {
                Kernel.awaitEquals(75, () -> ss(ns, "state", "established", "( sport = :9000 or sport = :9001 )"), 60,
                        "all held, server side");
                // The kinds are the ones meant: 9000's are AF_INET sockets (tcp), 9001's are AF_INET6 (tcp6).
                assertEquals(30, ss(ns, "-f", "inet", "state", "established", "( sport = :9000 )"));
                assertEquals(45, ss(ns, "-f", "inet6", "state", "established", "( sport = :9001 )"));
                assertEquals(25, ss(ns, "-f", "inet6", "state", "established", "src", "[::ffff:127.0.0.1]",
                        "( sport = :9001 )"));

                String pid = String.valueOf(ipv4Server.process.pid());
                assertEquals(List.of("9000/ipv4=30/30", "9001/ipv4=25/25", "9001/ipv6=20/20"),
                        rows(Cli.run("established", "--netns-pid", pid, "--once", "--json", "--min-age", "0")));
                assertEquals(List.of("9000/ipv4=30/30", "9001/ipv4=25/25"),
                        rows(Cli.run("established", "--netns-pid", pid, "--once", "--json", "--min-age", "0",
                                "--no-ipv6")), "--no-ipv6 keeps the dual-stack listener's IPv4 clients");
                assertEquals(List.of("9001/ipv6=20/20"), rows(Cli.run("established", "--netns-pid", pid, "--json",
                        "--min-age", "0", "--port", "9001", "--port", "9002")).stream()
                        .filter(r -> r.contains("ipv6")).toList());

                Cli.Outcome table = Cli.run("established", "--netns-pid", pid, "--once", "--min-age", "0");
                assertEquals(List.of(
                        "PORT   FAMILY   ESTABLISHED  LONG-LIVED  OLDEST AGE",
                        "9000   ipv4              30          30  0.0s",
                        "9001   ipv4              25          25  0.0s",
                        "9001   ipv6              20          20  0.0s",
                        "total                    75          75  "), table.outLines().subList(0, 5), table.out());
                assertTrue(table.outLines().get(5).startsWith("tracked for 0.0s in the network namespace of process "
                        + pid), table.out());
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the clients are resources held open, never referenced
    void theExporterStopsWhenTheWatchedProcessEnds() throws Exception {
        try (Kernel.Namespace ns = Kernel.Namespace.create("established", true);
                JarProcess server = JarProcess.startWith(ns.exec(), "serve", "--port", "9000", "-i", "0")) {
            server.awaitLine("listening on 127.0.0.1:9000", 30);
            try (JarProcess run = JarProcess.startWith(ns.exec(), "run", "127.0.0.1", "9000", "-c", "12", "-s", "0",
                    "--hold", "60s", "-y", "-i", "0");
                    JarProcess exporter = JarProcess.start("established", "--netns-pid",
                            String.valueOf(server.process.pid()), "--listen", "127.0.0.1:0", "-i", "100ms",
                            "--min-age", "0");
                    JarProcess once = JarProcess.start("established", "--netns-pid",
                            String.valueOf(server.process.pid()), "--once", "--min-age", "10m", "-i", "100ms")) {
                String listening = exporter.awaitLine("listening on 127.0.0.1:", 30);
                int port = Integer.parseInt(listening.replaceFirst("listening on 127\\.0\\.0\\.1:(\\d+):.*", "$1"));
                assertTrue(listening.endsWith("counting inbound connections in the network namespace of process "
                        + server.process.pid()), listening);
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
                Kernel.awaitEquals(1, () -> {
                    try {
                        return http.send(scrape, HttpResponse.BodyHandlers.ofString()).body().lines().filter(
                                "tcpswarm_established_connections{family=\"ipv4\",port=\"9000\"} 12.0"::equals).count();
                    } catch (java.io.IOException e) {
                        return 0;
                    }
                }, 30, "the namespace's 12 connections exported");

                server.process.destroyForcibly();
                server.process.waitFor(10, TimeUnit.SECONDS);
                assertEquals(1, exporter.awaitExit(20), exporter.stdout());
                assertEquals("tcpswarm: the network namespace of process " + server.process.pid()
                        + " is gone: the process has ended", exporter.stderr().trim());
                assertEquals(1, once.awaitExit(20), once.stdout());
                assertEquals("tcpswarm: the network namespace of process " + server.process.pid()
                        + " is gone: the process has ended", once.stderr().trim(), "--once too");
            }
        }
    }
}
