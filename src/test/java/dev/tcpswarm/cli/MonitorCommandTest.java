package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tcpswarm monitor} in-process: bad input, --check, --once's exit codes, a short --duration. */
@Timeout(60)
class MonitorCommandTest {
    @TempDir
    Path dir;

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBadConfigIsOneLineExit64AndNothingStarts() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            Path f = file("services:\n  - name: a\n    address: 127.0.0.1:" + server.port() + "\n    timeout: 5 seconds\n");
            Cli.Outcome o = Cli.run("monitor", f.toString(), "--metrics", "0");
            assertEquals(64, o.exit());
            assertEquals(List.of("tcpswarm: " + f + ":4: services[0].timeout: '5 seconds' is not a duration: use a number "
                    + "with an optional unit (us, ms, s, m, h, d), e.g. 500ms or 5s"), o.errLines());
            assertEquals("", o.out());
            Thread.sleep(300);
            assertEquals(0, server.accepted(), "nothing was probed");
        }
    }

    @Test
    void checkValidatesOnly() {
        Cli.Outcome o = Cli.run("monitor", "--check", "examples/monitor.yaml");
        assertEquals(0, o.exit(), o.err());
        assertEquals("examples/monitor.yaml: OK, 8 services, 2 groups, 4 alerts, 4 channels\n", o.out());
    }

    @Test
    void checkRefusesABadConversationWithOneLineNamingTheServiceAndKey() throws Exception {
        Path f = file("services:\n  - name: cache\n    address: 127.0.0.1:6379\n    steps:\n      - expect: '('\n");
        Cli.Outcome o = Cli.run("monitor", "--check", f.toString());
        assertEquals(64, o.exit());
        assertEquals(List.of("tcpswarm: " + f + ":5: services[0].steps[0].expect: service 'cache': '(' is not a regular "
                + "expression: Unclosed group at 1"), o.errLines());
        Path g = file("services:\n  - name: cache\n    address: 127.0.0.1:6379\n    check: memcache\n");
        Cli.Outcome u = Cli.run("monitor", "--check", g.toString());
        assertEquals(64, u.exit());
        assertEquals(1, u.errLines().size(), u.err());
        assertTrue(u.err().contains("services[0].check: service 'cache': unknown check 'memcache'"), u.err());
    }

    @Test
    void badCommandLines() throws Exception {
        assertEquals(List.of("tcpswarm: 'db' is not an address: write host:port or [ipv6]:port"),
                Cli.run("monitor", "db").errLines());
        assertEquals(List.of("tcpswarm: nope.yaml: no such file"), Cli.run("monitor", "nope.yaml").errLines());
        Path f = file("services:\n  - {name: a, address: 'x:1'}\n");
        Cli.Outcome o = Cli.run("monitor", f.toString(), "--interval", "1s");
        assertEquals(64, o.exit());
        assertTrue(o.err().startsWith("tcpswarm: --interval and --timeout are for the quick watch"), o.err());
        assertEquals(64, Cli.run("monitor", "127.0.0.1:1", "--metrics", "127.0.0.1:x").exit());
        assertEquals(64, Cli.run("monitor", "127.0.0.1:1", "--once", "--duration", "1s").exit());
    }

    @Test
    void onceExitsZeroWhenAllAreUpTwoWhenOneIsDown() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            String up = "127.0.0.1:" + server.port();
            Cli.Outcome all = Cli.run("monitor", up, "--once");
            assertEquals(0, all.exit(), all.out() + all.err());
            assertTrue(all.out().contains(" " + up + ": UP (open in "), all.out());
            assertTrue(all.out().contains("| " + up + "      |        1 |         0 |          0 |           0 |        0 |      0 |     1"),
                    all.out());
            String down = "127.0.0.1:" + closedPort();
            Cli.Outcome one = Cli.run("monitor", up, down, "--once", "--timeout", "500ms");
            assertEquals(2, one.exit(), one.out() + one.err());
            assertTrue(one.out().contains(" " + down + ": DOWN (connection refused)"), one.out());
        }
    }

    @Test
    void onceIsThreeWhenDegradedAndNoneDown() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            Path f = file("""
                    services:
                      - {name: api, address: "127.0.0.1:%d"}
                    evaluation:
                      degraded:
                        latency: {percentile: 99, above: 1us}
                    """.formatted(server.port()));
            Cli.Outcome o = Cli.run("monitor", f.toString(), "--once");
            assertEquals(3, o.exit(), o.out() + o.err());
            assertTrue(o.out().contains(" api: DEGRADED (p99 "), o.out());
        }
    }

    @Test
    void onceIsZeroForAServiceInMaintenance() throws Exception {
        Path f = file("""
                services:
                  - {name: db, address: "127.0.0.1:%d", timeout: 500ms}
                maintenance:
                  - {name: forever, targets: [db], from: 2000-01-01T00:00:00Z, to: 2100-01-01T00:00:00Z}
                """.formatted(closedPort()));
        Cli.Outcome o = Cli.run("monitor", f.toString(), "--once");
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains(" db: MAINTENANCE (maintenance forever until 2100-01-01 "), o.out());
    }

    @Test
    void aShortDurationEndsWithTheFinalSummaryAndTheDailyFile() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            String up = "127.0.0.1:" + server.port();
            Path logs = dir.resolve("logs");
            Cli.Outcome o = Cli.run("monitor", up, "--interval", "100ms", "--duration", "1s", "--log-dir", logs.toString());
            assertEquals(0, o.exit(), o.out() + o.err());
            assertTrue(o.out().startsWith("monitoring 1 service from command line; daily files in " + logs + "\n"), o.out());
            assertTrue(o.out().contains("--- final summary: "), o.out());
            try (var files = Files.list(logs)) {
                assertEquals(2, files.filter(p -> p.getFileName().toString().matches("(tcp_stats|events)_\\d{8}\\.log")).count());
            }
            long total = server.accepted();
            assertTrue(total >= 8 && total <= 12, "about 10 probes in 1 s at 100 ms: " + total);
            String row = o.outLines().stream().filter(l -> l.contains("| " + up + " ")).reduce((a, b) -> b).orElseThrow();
            assertEquals(total, Long.parseLong(row.substring(row.lastIndexOf('|') + 1).trim()),
                    "the summary counts every probe the server saw: " + row);
        }
    }

    @Test
    void aLogDirectoryThatCannotBeWrittenIsRefusedWith74AndNothingStarts() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(LOOPBACK, 0, ServerMode.HOLD, 0, 1)) {
            String up = "127.0.0.1:" + server.port();
            Cli.Outcome o = Cli.run("monitor", up, "--duration", "2s", "--interval", "100ms", "--log-dir", "/proc/nope");
            assertEquals(74, o.exit(), o.out() + o.err());
            assertEquals(1, o.errLines().size(), o.err());
            assertTrue(o.err().startsWith("tcpswarm: /proc/nope: cannot write the daily files there: "), o.err());
            assertEquals("", o.out());
            Path file = dir.resolve("not-a-dir");
            Files.writeString(file, "x");
            Cli.Outcome once = Cli.run("monitor", up, "--once", "--log-dir", file.toString());
            assertEquals(74, once.exit(), once.out() + once.err());
            assertTrue(once.err().startsWith("tcpswarm: " + file + ": cannot write the daily files there: "), once.err());
            Thread.sleep(300);
            assertEquals(0, server.accepted(), "nothing was probed");
        }
    }
}
