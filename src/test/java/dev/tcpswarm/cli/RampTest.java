package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.report.RampCsvWriter;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tcpswarm ramp} through the real command against the built-in server: it finds a set limit,
 * reports no limit up to the ceiling, tells a first failed level, follows --fail-when instead of
 * the default rule, and its table, JSON and CSV say the same thing.
 */
class RampTest {
    /** A table row: phase, target, established, closed, errors, then pass or FAIL. */
    private static final Pattern ROW = Pattern.compile(
            "(ramp|bisect)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+\\S+\\s+(pass|FAIL)(.*)");
    private static final Pattern LIMIT = Pattern.compile("max concurrency: (\\d+) \\(first failure at (\\d+): (.+)\\)");

    /** Fast settings: unpaced, short holds and pauses, no progress lines, no prompt. */
    private static final List<String> FAST = List.of("-s", "0", "--level-hold", "300ms", "--cooldown", "200ms",
            "-i", "0", "-y");

    @TempDir
    Path dir;

    record Row(String phase, int target, long established, long closed, long errors, boolean passed) {
    }

    static Cli.Outcome ramp(int port, String... options) {
        List<String> args = new ArrayList<>(List.of("ramp", "127.0.0.1", String.valueOf(port)));
        args.addAll(FAST);
        args.addAll(List.of(options));
        return Cli.run(args.toArray(new String[0]));
    }

    static List<Row> rows(Cli.Outcome o) {
        List<Row> rows = new ArrayList<>();
        for (String line : o.outLines()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new Row(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), m.group(6).equals("pass")));
            }
        }
        return rows;
    }

    static String lastLine(Cli.Outcome o) {
        List<String> lines = o.outLines();
        return lines.get(lines.size() - 1);
    }

    @Test
    void findsTheServersLimitWithinOnePercentAndNamesTheReset() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 1500, 1)) {
            Path json = dir.resolve("ramp.json");
            Path csv = dir.resolve("ramp.csv");
            Cli.Outcome o = ramp(server.port(), "--start", "200", "--max", "3200", "--json", json.toString(),
                    "--csv", csv.toString());
            assertEquals(0, o.exit(), o.out() + o.err());

            Matcher verdict = LIMIT.matcher(lastLine(o));
            assertTrue(verdict.matches(), o.out());
            int max = Integer.parseInt(verdict.group(1));
            int firstFailure = Integer.parseInt(verdict.group(2));
            assertTrue(max >= 1485 && max <= 1500, "within 1% of 1500: " + o.out());
            assertTrue(firstFailure > 1500 && firstFailure - max <= 16, o.out());
            assertEquals("reset by peer", verdict.group(3));

            List<Row> rows = rows(o);
            assertEquals(List.of(200, 400, 800, 1600), rows.stream().filter(r -> r.phase().equals("ramp"))
                    .map(Row::target).toList(), o.out());
            assertTrue(rows.stream().anyMatch(r -> r.phase().equals("bisect")), o.out());
            for (Row r : rows) {
                assertEquals(r.target() <= 1500, r.passed(), "only levels above the limit fail: " + r);
                if (r.passed()) {
                    assertEquals(r.target(), r.established(), r.toString());
                }
            }
            assertTrue(server.peakOpen() <= 1500);
            Kernel.awaitEquals(0, server::openNow, 10, "server openNow"); // everything closed at the end

            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertEquals("tcpswarm.ramp/v1", doc.at("/schema").asText());
            assertEquals("limit_found", doc.at("/verdict/outcome").asText());
            assertEquals(max, doc.at("/verdict/max_concurrency").asInt());
            assertEquals(firstFailure, doc.at("/verdict/first_failure_at").asInt());
            assertEquals(lastLine(o), doc.at("/verdict/line").asText());
            assertEquals(0, doc.at("/exit_code").asInt());
            JsonNode levels = doc.at("/levels");
            assertEquals(rows.size(), levels.size(), "one JSON level per table row");
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                JsonNode l = levels.get(i);
                assertEquals(r.phase(), l.at("/phase").asText());
                assertEquals(r.target(), l.at("/target").asInt());
                assertEquals(r.established(), l.at("/counts/established").asLong());
                assertEquals(r.closed(), l.at("/counts/closed").asLong());
                assertEquals(r.errors(), l.at("/added/counts/error").asLong(), "errors of what the level added");
                assertEquals(r.passed(), l.at("/passed").asBoolean());
                if (!r.passed()) {
                    assertTrue(l.at("/closed_by_reset").asLong() > 0, l.toString());
                    assertEquals(0, l.at("/errors_by_reason/reset").asLong(), "a reset is never a connect error");
                }
            }

            List<String> csvLines = Files.readAllLines(csv);
            assertEquals(rows.size() + 1, csvLines.size(), "a header and one row per level");
            assertEquals(String.join(",", RampCsvWriter.COLUMNS), csvLines.get(0),
                    "the header as CSV writes it: no column quoted, none needs it");
            assertTrue(csvLines.get(4).startsWith("ramp,1600,false,"), csvLines.get(4));
            try (var files = Files.list(dir)) {
                assertEquals(2, files.count(), "no temporary files left behind");
            }
        }
    }

    @Test
    void noLimitUpToTheCeiling() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = ramp(server.port(), "--start", "200", "--step", "+200", "--max", "800");
            assertEquals(0, o.exit(), o.out() + o.err());
            assertEquals("no limit found up to 800", lastLine(o));
            List<Row> rows = rows(o);
            assertEquals(List.of(200, 400, 600, 800), rows.stream().map(Row::target).toList(), o.out());
            assertTrue(rows.stream().allMatch(r -> r.passed() && r.established() == r.target()), o.out());
            assertEquals(800, server.peakOpen(), "the levels were held at once");
            Kernel.awaitEquals(0, server::openNow, 10, "server openNow");
        }
    }

    @Test
    void aFirstLevelThatFailsExitsTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Outcome o = ramp(port, "--start", "50", "--max", "400");
        assertEquals(2, o.exit(), o.out() + o.err());
        assertEquals("no level held: the first level, 50 connections, failed: connection refused", lastLine(o));
        assertEquals(1, rows(o).size(), o.out());
    }

    @Test
    void failWhenReplacesTheDefaultRule() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.CLOSE, 0, 1)) {
            Cli.Outcome byDefault = ramp(server.port(), "--start", "50", "--step", "+50", "--max", "100");
            assertEquals(2, byDefault.exit(), byDefault.out() + byDefault.err());
            assertTrue(lastLine(byDefault).endsWith("failed: closed by the server"), byDefault.out());

            Cli.Outcome errorsOnly = ramp(server.port(), "--start", "50", "--step", "+50", "--max", "100",
                    "--fail-when", "errors>0");
            assertEquals(0, errorsOnly.exit(), errorsOnly.out() + errorsOnly.err());
            assertEquals("no limit found up to 100", lastLine(errorsOnly));
        }
    }

    @Test
    void aFailWhenExpressionIsNamedAsTheFailure() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = ramp(server.port(), "--start", "100", "--step", "+100", "--max", "300", "--precision", "50",
                    "--fail-when", "established>150");
            assertEquals(0, o.exit(), o.out() + o.err());
            Matcher verdict = LIMIT.matcher(lastLine(o));
            assertTrue(verdict.matches(), o.out());
            assertEquals("150", verdict.group(1), o.out());
            assertEquals("200", verdict.group(2), o.out());
            assertEquals("established>150 (200)", verdict.group(3), o.out());
            assertEquals(List.of(100, 200, 150), rows(o).stream().map(Row::target).toList(), o.out());
        }
    }

    @Test
    void declinedPromptOpensNothing() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = Cli.runWithInput("n\n", "ramp", "127.0.0.1", String.valueOf(server.port()), "--max", "400");
            assertEquals(1, o.exit());
            assertTrue(o.out().contains("tcpswarm is going to open up to 400 TCP connections to 127.0.0.1:"), o.out());
            assertTrue(o.out().contains("Do you want to continue? (y/N)"), o.out());
            assertTrue(o.err().contains("nothing was opened"), o.err());
            Thread.sleep(200);
            assertEquals(0, server.accepted());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--step +0                      | --step: step '+0' is not +K",
        "--step x1                      | --step: step 'x1' is not +K",
        "--step 2                       | --step: step '2' is not +K",
        "--step +1.5                    | --step: step '+1.5' is not +K",
        "--start 0                      | --start must be at least 1",
        "--start 500 --max 100          | --start 500 is above --max 100",
        "--precision 0                  | --precision: precision '0' is not",
        "--precision 100%               | --precision: precision '100%' is not",
        "--fail-when p99>1              | unknown metric 'p99'",
        "--level-hold soon              | not a duration",
        "--csv /nonexistent-dir/r.csv   | does not exist",
    })
    void badInputExits64WithOneLine(String options, String mentions) {
        List<String> args = new ArrayList<>(List.of("ramp", "127.0.0.1", "9", "-y"));
        args.addAll(List.of(options.trim().split("\\s+")));
        Cli.Outcome o = Cli.run(args.toArray(new String[0]));
        assertEquals(64, o.exit(), o.err());
        assertEquals(1, o.errLines().size(), "one line on stderr, got:\n" + o.err());
        assertTrue(o.err().contains(mentions), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
        assertTrue(o.out().isEmpty(), "nothing on stdout: " + o.out());
    }

    @Test
    void helpNamesTheExitCodes() {
        Cli.Outcome o = Cli.run("ramp", "--help");
        assertEquals(0, o.exit());
        assertTrue(o.out().contains("--fail-when=EXPR"), o.out());
        assertTrue(o.out().contains("2   even the first level failed"), o.out());
    }

    /**
     * Without a terminal the progress lines ({@code  .. ramp 100: Total: ...}) go to stderr: stdout is
     * the table's header, one row per level, and the verdict line, nothing else.
     */
    @Test
    void withoutATerminalTheProgressLinesStayOutOfTheTable() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = Cli.run("ramp", "127.0.0.1", String.valueOf(server.port()), "--start", "50", "--max", "100",
                    "-s", "0", "--level-hold", "600ms", "-i", "100ms", "-y");
            assertEquals(0, o.exit(), o.out() + o.err());
            List<String> out = o.outLines();
            int header = out.indexOf(out.stream().filter(l -> l.startsWith("phase ")).findFirst().orElseThrow());
            assertTrue(out.subList(1, header).stream().allMatch(l -> l.startsWith("  ") || l.startsWith("Pacing: ")),
                    "the banner (its plan and pacing, wrapped at 120 columns) before the header:\n" + o.out());
            assertEquals(header + 4, out.size(), "the banner, the header, 2 rows, the verdict:\n" + o.out());
            assertEquals(List.of(50, 100), rows(o).stream().map(Row::target).toList(), o.out());
            assertEquals("no limit found up to 100", lastLine(o));
            assertTrue(o.errLines().stream().anyMatch(l -> l.startsWith("  .. ramp 50: Total: 50, ")), "stderr:\n" + o.err());
        }
    }
}
