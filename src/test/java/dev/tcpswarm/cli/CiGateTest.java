package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CI gate as a pipeline relies on it, through the real command against real servers: every kind
 * of threshold turns a run into exit 0 when it holds and 3 when it does not; given thresholds, errors
 * count only through them; --abort-on-fail stops a doomed run early; the report shows every
 * threshold with what was measured; a typo in a threshold fails at once with 64, before any
 * connection.
 */
class CiGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static int closedPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    static BuiltInServer server(ServerMode mode, int maxConnections) throws Exception {
        return BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, mode, maxConnections, 1);
    }

    private static String[] args(String target, String... more) {
        List<String> a = new ArrayList<>(List.of(target, "-y", "-i", "0"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** The line under "Thresholds:" for {@code expression}. */
    private static String thresholdLine(Cli.Outcome o, String expression) {
        List<String> lines = o.outLines();
        int header = lines.indexOf("Thresholds:");
        assertTrue(header >= 0, "no Thresholds: section in\n" + o.out());
        return lines.subList(header + 1, lines.size()).stream()
                .filter(l -> l.startsWith("  PASS " + expression + " ") || l.startsWith("  FAIL " + expression + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no threshold line for '" + expression + "' in\n" + o.out()));
    }

    /**
     * One threshold of each kind, each once holding and once not, against a server that behaves as
     * the row says: HOLD (50 connections, all established, paced at 5 ms so the connect rate is about
     * 200/s) or a closed port (20 connections, all refused).
     */
    @ParameterizedTest(name = "{0} {1} -> exit {2}")
    @CsvSource(delimiter = '|', value = {
        // connect latency: percentiles, avg, max, med, min; bare numbers are milliseconds
        "hold   | p(99)<5s              | 0",
        "hold   | p(99)<1us             | 3",
        "hold   | p(99.9)<=5000ms       | 0",
        "hold   | p(50)<2000            | 0",
        "hold   | p(50)>10s             | 3",
        "hold   | avg<1s                | 0",
        "hold   | avg<1us               | 3",
        "hold   | max<5s                | 0",
        "hold   | max<1us               | 3",
        "hold   | med<1000ms            | 0",
        "hold   | min>1s                | 3",
        // counts
        "hold   | established>=50       | 0",
        "hold   | established>50        | 3",
        "hold   | max_concurrent==50    | 0",
        "hold   | attempts==50          | 0",
        "hold   | closed==0             | 0",
        "hold   | errors==0             | 0",
        "refused| errors==0             | 3",
        "refused| established>=1        | 3",
        // rates: error_rate as a fraction or a percentage, connect_rate bare or per second
        "hold   | error_rate==0         | 0",
        "hold   | error_rate<=0.1%      | 0",
        "refused| error_rate<=0.1%      | 3",
        "refused| error_rate<1          | 3",
        "refused| error_rate<=100%      | 0",
        "hold   | connect_rate>=20/s    | 0",
        "hold   | connect_rate>=20      | 0",
        "hold   | connect_rate>=5000/s  | 3",
        // errors of one reason
        "refused| errors_refused==0     | 3",
        "refused| errors_refused<=20    | 0",
        "refused| errors_timeout==0     | 0",
        "hold   | errors_refused==0     | 0",
        // a latency needs at least one connection: with none it is n/a, and fails
        "refused| p(99)<5s              | 3",
    })
    void eachKindOfThresholdPassesWithZeroAndFailsWithThree(String serverKind, String expression, int exit)
            throws Exception {
        Cli.Outcome o;
        if (serverKind.equals("hold")) {
            try (BuiltInServer s = server(ServerMode.HOLD, 0)) {
                o = Cli.run(args("127.0.0.1:" + s.port(), "-c", "50", "-s", "5ms", "--threshold", expression));
            }
        } else {
            o = Cli.run(args("127.0.0.1:" + closedPort, "-c", "20", "-s", "0", "--threshold", expression));
        }
        assertEquals(exit, o.exit(), o.out() + o.err());
        String line = thresholdLine(o, expression);
        assertTrue(line.startsWith(exit == 0 ? "  PASS " : "  FAIL "), line);
    }

    /**
     * A service that goes down partway through the run: 90 connections established, the rest
     * refused. Without thresholds that is exit 2; with thresholds, only they judge the errors.
     */
    @Test
    void errorsAreJudgedOnlyThroughThresholdsWhenThereAreAny() throws Exception {
        Cli.Outcome strict = runAgainstServiceThatGoesDown(90);
        assertEquals(2, strict.exit(), strict.out() + strict.err());

        Cli.Outcome tolerant = runAgainstServiceThatGoesDown(90, "--threshold", "error_rate<20%",
                "--json", dir.resolve("tolerant.json").toString());
        assertEquals(0, tolerant.exit(), tolerant.out() + tolerant.err());
        JsonNode r = JSON.readTree(dir.resolve("tolerant.json").toFile());
        long errors = r.at("/counts/error").asLong();
        assertTrue(errors > 0 && errors <= 10, r.toString());
        // refusals once the port is closed (a connect caught mid-handshake by the close may be reset)
        assertTrue(r.at("/errors_by_reason/refused").asLong() > 0, r.toString());
        assertEquals(errors, r.at("/errors_by_reason/refused").asLong() + r.at("/errors_by_reason/reset").asLong(),
                r.toString());
        assertEquals(0, r.at("/exit_code").asInt());
        assertTrue(thresholdLine(tolerant, "error_rate<20%").startsWith("  PASS "));

        Cli.Outcome zero = runAgainstServiceThatGoesDown(90, "--threshold", "error_rate<20%",
                "--threshold", "errors==0");
        assertEquals(3, zero.exit(), zero.out() + zero.err());
        assertTrue(thresholdLine(zero, "error_rate<20%").startsWith("  PASS "));
        assertTrue(thresholdLine(zero, "errors==0").startsWith("  FAIL "));
    }

    /**
     * 100 connections paced 30 ms apart against a HOLD server that stops listening once it has
     * accepted {@code acceptBeforeStopping}: later connects are refused (the held ones are closed).
     */
    private static Cli.Outcome runAgainstServiceThatGoesDown(int acceptBeforeStopping, String... thresholds)
            throws Exception {
        BuiltInServer s = server(ServerMode.HOLD, 0);
        try {
            AtomicBoolean runDone = new AtomicBoolean();
            Thread stopper = new Thread(() -> {
                long until = System.nanoTime() + 30_000_000_000L;
                while (s.accepted() < acceptBeforeStopping && !runDone.get() && System.nanoTime() < until) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                s.close();
            }, "service-goes-down");
            stopper.start();
            try {
                return Cli.run(args("127.0.0.1:" + s.port(), concat(new String[] {"-c", "100", "-s", "30ms"},
                        thresholds)));
            } finally {
                runDone.set(true);
                stopper.join(30_000);
            }
        } finally {
            s.close(); // safe a second time
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * A server that resets the connections past its limit does so after the TCP handshake, so each
     * of them was established and then reset by the server, also when the reset beats the connect's
     * completion. A run that ends at once may close them before the reset arrives; held (--hold),
     * every rejection is seen, as a connection closed by a reset. So the gate for it is {@code closed}.
     */
    @Test
    void aServerThatResetsWhatItCannotHoldIsCaughtByClosed() throws Exception {
        try (BuiltInServer s = server(ServerMode.HOLD, 90)) {
            Cli.Outcome o = Cli.run(args("127.0.0.1:" + s.port(), "-c", "100", "-s", "2ms", "--hold", "1s",
                    "--threshold", "closed==0", "--threshold", "errors==0",
                    "--json", dir.resolve("limited.json").toString()));
            assertEquals(3, o.exit(), o.out() + o.err());
            JsonNode r = JSON.readTree(dir.resolve("limited.json").toFile());
            assertEquals(10, s.rejected());
            assertEquals(10, r.at("/counts/closed").asLong(), "every rejection is seen, as closed: " + r);
            assertEquals(10, r.at("/closed_by_reset").asLong(), "closed by a reset, not a FIN: " + r);
            assertEquals(0, r.at("/counts/error").asLong(), r.toString());
            assertEquals(100, r.at("/established_total").asLong(), r.toString());
            assertEquals(90, r.at("/counts/established").asLong(), "open at the end: what the server holds");
            assertEquals(List.of(false, true), List.of(r.at("/thresholds/0/passed").asBoolean(),
                    r.at("/thresholds/1/passed").asBoolean()), "closed==0 fails, errors==0 holds: " + r);
        }
        try (BuiltInServer s = server(ServerMode.HOLD, 90)) {
            Cli.Outcome o = Cli.run(args("127.0.0.1:" + s.port(), "-c", "100", "-s", "2ms", "--hold", "1s",
                    "--threshold", "closed<=10", "--threshold", "errors==0"));
            assertEquals(0, o.exit(), "a gate that allows the server's limit passes: " + o.out() + o.err());
        }
    }

    /** A run that can no longer pass stops long before its planned end, with exit 3. */
    @Test
    void abortOnFailStopsADoomedRunEarly() throws Exception {
        long t0 = System.nanoTime();
        Cli.Outcome o = Cli.run(args("127.0.0.1:" + closedPort, "-c", "2000", "-s", "5ms", "--threshold", "errors<10",
                "--abort-on-fail", "--json", dir.resolve("aborted.json").toString()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(3, o.exit(), o.out() + o.err());
        assertTrue(seconds < 5, "planned 10 s, stopped after " + seconds + " s");
        assertTrue(o.err().contains("stopped early: threshold 'errors<10' can no longer pass"), o.err());
        JsonNode r = JSON.readTree(dir.resolve("aborted.json").toFile());
        assertTrue(r.at("/counts/not_initiated").asLong() > 0, r.toString());
        assertTrue(r.at("/counts/error").asLong() >= 10, r.toString());
        assertFalse(r.at("/interrupted").asBoolean(), "aborted is not interrupted (that would be exit 1)");
        assertEquals(3, r.at("/exit_code").asInt());
        assertTrue(o.out().contains("NotInitiated: " + r.at("/counts/not_initiated").asLong()), o.out());
        assertTrue(thresholdLine(o, "errors<10").startsWith("  FAIL "));
    }

    /** --abort-on-fail never stops a run that can still pass. */
    @Test
    void abortOnFailLetsAPassingRunFinish() throws Exception {
        try (BuiltInServer s = server(ServerMode.HOLD, 0)) {
            Cli.Outcome o = Cli.run(args("127.0.0.1:" + s.port(), "-c", "200", "-s", "2ms", "--threshold", "errors<10",
                    "--threshold", "p(99)<5s", "--abort-on-fail"));
            assertEquals(0, o.exit(), o.out() + o.err());
            assertTrue(o.out().contains("Total: 200, Dialing: 0, Established: 200, Closed: 0, Error: 0, NotInitiated: 0"),
                    o.out());
            assertFalse(o.err().contains("stopped early"), o.err());
        }
    }

    /** The report lists every threshold, in the order given, with PASS/FAIL and the measured value. */
    @Test
    void theReportListsEveryThresholdWithItsMeasuredValue() throws Exception {
        List<String> expressions = List.of("p(99)<5s", "error_rate <= 0.1%", "established>=60", "avg<1us",
                "connect_rate>=1/s", "errors_timeout==0", "max_concurrent==60");
        List<String> argv = new ArrayList<>(List.of("-c", "60", "-s", "2ms", "--json", dir.resolve("r.json").toString()));
        for (String e : expressions) {
            argv.add("--threshold");
            argv.add(e);
        }
        Cli.Outcome o;
        try (BuiltInServer s = server(ServerMode.HOLD, 0)) {
            o = Cli.run(args("127.0.0.1:" + s.port(), argv.toArray(new String[0])));
        }
        assertEquals(3, o.exit(), o.out() + o.err());
        JsonNode r = JSON.readTree(dir.resolve("r.json").toFile());
        JsonNode judged = r.at("/thresholds");
        assertEquals(expressions.size(), judged.size());

        List<String> lines = o.outLines();
        int header = lines.indexOf("Thresholds:");
        assertTrue(header >= 0, o.out());
        assertEquals(header + expressions.size(), lines.size() - 1, "the thresholds end the report:\n" + o.out());
        for (int i = 0; i < expressions.size(); i++) {
            String line = lines.get(header + 1 + i);
            JsonNode t = judged.get(i);
            assertEquals(expressions.get(i), t.at("/expression").asText());
            boolean passed = !expressions.get(i).equals("avg<1us");
            assertEquals(passed, t.at("/passed").asBoolean(), t.toString());
            assertTrue(line.startsWith((passed ? "  PASS " : "  FAIL ") + expressions.get(i) + " "), line);
            assertTrue(line.endsWith(" " + t.at("/measured_text").asText()), line + " vs " + t);
        }
        assertTrue(thresholdLine(o, "error_rate <= 0.1%").endsWith(" 0.00%"));
        assertTrue(thresholdLine(o, "established>=60").endsWith(" 60"));
        assertTrue(thresholdLine(o, "p(99)<5s").matches(".* \\d+\\.\\d{3}ms"), thresholdLine(o, "p(99)<5s"));
        assertTrue(thresholdLine(o, "connect_rate>=1/s").matches(".* \\d+\\.\\d/s"), thresholdLine(o, "connect_rate>=1/s"));
    }

    /** A typo fails at once: exit 64, one line on stderr naming the bad part, no connection made. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "p(99)<50xs        | unknown unit 'xs'                  | at column 9",
        "p(99)=50ms        | '=' is not an operator, use '=='   | at column 6",
        "latency<5ms       | unknown metric 'latency'           | metrics: p(N)",
        "error_rate<5      | 5 is above 1 (did you mean 5%?)    | at column 12",
        "p(101)<5ms        | percentile 101 is out of range     | at column 3",
        "errors_bogus==0   | unknown error reason 'bogus'       | reasons: refused",
        "p(99)<            | expected a number after '<'        | at column 7",
        "errors==0ms       | unit 'ms' does not fit errors      | at column 10",
        "connect_rate>5ms  | unit 'ms' does not fit connect_rate| at column 15",
        "p(99)<50ms extra  | unexpected 'extra'                 | at column 12",
    })
    void aMalformedThresholdExits64WithOneLinePointingAtTheBadPart(String expression, String what, String where)
            throws Exception {
        try (BuiltInServer s = server(ServerMode.HOLD, 0)) {
            Cli.Outcome o = Cli.run(args("127.0.0.1:" + s.port(), "-c", "10", "--threshold", "p(99)<5s",
                    "--threshold", expression));
            assertEquals(64, o.exit(), o.err());
            assertEquals(1, o.errLines().size(), "one line:\n" + o.err());
            String line = o.errLines().get(0);
            assertTrue(line.contains("'" + expression + "'"), "quotes the expression: " + line);
            assertTrue(line.contains(what), line);
            assertTrue(line.contains(where), line);
            assertTrue(o.out().isEmpty(), o.out());
            Thread.sleep(100);
            assertEquals(0, s.accepted(), "no connection before the command line is right");
        }
    }
}
