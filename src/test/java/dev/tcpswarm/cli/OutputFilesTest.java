package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.stats.ErrorReason;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a CI job keeps from a run: --json, --csv, --hdr-log and --junit, each read back with the
 * standard parser of its format, all telling the same numbers as the human report of the same run;
 * and --output json, which puts the JSON result, and nothing else, on stdout.
 *
 * <p>One real run against a server that holds 250 connections and resets the rest, so that the run
 * has established, closed (reset) and possibly failed connections, several progress intervals, and
 * thresholds that pass and one that fails.
 */
class OutputFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> THRESHOLDS = List.of("p(99)<5s", "errors==0", "closed<=50", "avg<1us",
            "error_rate<=10%");
    /** The connect latency's two lines, joined by a newline. */
    private static final Pattern LATENCY = Pattern.compile("Connect latency: min/avg/max/dev = "
            + "([\\d.]+)/([\\d.]+)/([\\d.]+)/([\\d.]+) ms \\((\\d+)\\)\n"
            + "  p50 ([\\d.]+), p90 ([\\d.]+), p99 ([\\d.]+), p99\\.9 ([\\d.]+) ms");

    @TempDir
    static Path dir;

    static Cli.Outcome run;
    static JsonNode result;
    static int port;

    @BeforeAll
    static void oneRunWritingEveryFile() throws Exception {
        List<String> argv = new ArrayList<>(List.of("-c", "300", "-s", "3ms", "--hold", "1s", "-i", "200ms",
                "--plain", "-y", "--json", file("r.json"), "--csv", file("r.csv"), "--hdr-log", file("r.hlog"),
                "--junit", file("r.xml")));
        for (String t : THRESHOLDS) {
            argv.add("--threshold");
            argv.add(t);
        }
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 250, 1)) {
            port = s.port();
            argv.add(0, "127.0.0.1:" + port);
            run = Cli.run(argv.toArray(new String[0]));
        }
        result = JSON.readTree(dir.resolve("r.json").toFile());
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    /** The report's lines, from its header on (the progress lines come before). */
    private static List<String> report() {
        List<String> lines = run.outLines();
        int start = lines.indexOf("--- 127.0.0.1:" + port + " tcp test statistics ---");
        assertTrue(start >= 0, run.out());
        return lines.subList(start, lines.size());
    }

    private static String reportValue(String prefix) {
        return report().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).trim())
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + run.out()));
    }

    private static String ms3(JsonNode n) {
        return String.format(Locale.ROOT, "%.3f", n.asDouble());
    }

    private static String progressLine(JsonNode counts) {
        return "Total: " + counts.get("total").asLong() + ", Dialing: " + counts.get("dialing").asLong()
                + ", Established: " + counts.get("established").asLong() + ", Closed: " + counts.get("closed").asLong()
                + ", Error: " + counts.get("error").asLong() + ", NotInitiated: " + counts.get("not_initiated").asLong();
    }

    @Test
    void theRunEndsWithTheThresholdsVerdictAndLeavesExactlyTheFourFiles() throws IOException {
        assertEquals(3, run.exit(), run.out() + run.err());
        assertEquals(3, result.at("/exit_code").asInt());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("r.csv", "r.hlog", "r.json", "r.xml"),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()),
                    "the four files, no temporary file left behind");
        }
    }

    @Test
    void theJsonTellsTheReportsNumbers() {
        assertEquals("tcpswarm.result/v1", result.at("/schema").asText());
        assertEquals(300, result.at("/settings/connections").asInt());
        JsonNode counts = result.at("/counts");
        assertEquals(300, counts.get("dialing").asLong() + counts.get("established").asLong()
                + counts.get("closed").asLong() + counts.get("error").asLong() + counts.get("not_initiated").asLong());

        List<String> report = report();
        assertEquals(progressLine(counts), report.get(1), "the final status line");
        assertEquals(result.at("/established_total").asText(), reportValue("Total established connections:"));
        assertEquals(result.at("/max_concurrent").asText(), reportValue("Max concurrent established connections:"));
        assertEquals(counts.get("established").asText(), reportValue("Number of established connections on closure:"));
        assertEquals(String.format(Locale.ROOT, "%.1f connections/s (%d established in",
                result.at("/connect_rate_per_second").asDouble(), result.at("/established_total").asLong()),
                reportValue("Connect rate:").replaceAll(" [\\d.]+ s\\)$", ""));
        assertEquals(String.format(Locale.ROOT, "%.3f s", result.at("/wall_seconds").asDouble()),
                reportValue("Wall time:"));

        int latencyAt = report.indexOf(report.stream().filter(l -> l.startsWith("Connect latency: ")).findFirst()
                .orElseThrow());
        String latencyLine = report.get(latencyAt) + "\n" + report.get(latencyAt + 1);
        Matcher m = LATENCY.matcher(latencyLine);
        assertTrue(m.matches(), latencyLine);
        JsonNode latency = result.at("/connect_latency_ms");
        String[] fields = {"min", "avg", "max", "stddev", "count", "p50", "p90", "p99", "p99_9"};
        for (int i = 0; i < fields.length; i++) {
            String expected = fields[i].equals("count") ? latency.get("count").asText() : ms3(latency.get(fields[i]));
            assertEquals(expected, m.group(i + 1), fields[i] + " in " + latencyLine);
        }
        assertEquals(result.at("/established_total").asLong(), latency.get("count").asLong(),
                "one connect latency per established connection");

        List<String> errors = new ArrayList<>();
        for (ErrorReason reason : ErrorReason.values()) {
            long n = result.at("/errors_by_reason/" + reason.key()).asLong();
            if (n > 0) {
                errors.add(reason.description() + " " + n);
            }
        }
        assertEquals(errors.isEmpty() ? "none" : String.join(", ", errors), reportValue("Errors by reason:"));
        long errorSum = 0;
        for (Iterator<JsonNode> it = result.at("/errors_by_reason").elements(); it.hasNext(); ) {
            errorSum += it.next().asLong();
        }
        assertEquals(counts.get("error").asLong(), errorSum);

        // the server's limit: 50 connections reset, each established first (none is a connect error);
        // held for a second, so every reset has arrived
        assertEquals(0, result.at("/errors_by_reason/reset").asLong(), result.toString());
        assertEquals(50, counts.get("closed").asLong(), result.toString());
        assertEquals(counts.get("closed").asLong(), result.at("/closed_by_reset").asLong());
        if (counts.get("closed").asLong() > 0) {
            assertEquals(counts.get("closed").asText() + " (" + result.at("/closed_by_reset").asText() + " reset)",
                    reportValue("Closed by the server:"));
        }

        int bucketsAt = report.indexOf("Connect latency buckets:");
        Iterator<Map.Entry<String, JsonNode>> buckets = result.at("/latency_buckets").properties().iterator();
        for (int i = bucketsAt + 1; buckets.hasNext(); i++) {
            Map.Entry<String, JsonNode> b = buckets.next();
            String[] cells = report.get(i).trim().split("\\s+");
            assertEquals(b.getKey().equals("failed") ? "Failed" : b.getKey(), cells[0]);
            assertEquals(b.getValue().asText(), cells[1], report.get(i));
        }

        JsonNode thresholds = result.at("/thresholds");
        int thresholdsAt = report.indexOf("Thresholds:");
        assertEquals(THRESHOLDS.size(), thresholds.size());
        for (int i = 0; i < THRESHOLDS.size(); i++) {
            JsonNode t = thresholds.get(i);
            String line = report.get(thresholdsAt + 1 + i);
            assertEquals(THRESHOLDS.get(i), t.get("expression").asText());
            assertTrue(line.startsWith((t.get("passed").asBoolean() ? "  PASS " : "  FAIL ") + THRESHOLDS.get(i) + " "),
                    line);
            assertTrue(line.endsWith(" " + t.get("measured_text").asText()), line);
        }
        assertFalse(thresholds.get(3).get("passed").asBoolean(), "avg<1us fails");
        assertTrue(thresholds.get(0).get("passed").asBoolean(), "p(99)<5s holds");
        assertEquals(latency.get("p99").asDouble() * 1000, thresholds.get(0).get("measured").asDouble(), 1e-6,
                "a latency threshold measures microseconds");
    }

    /** The CSV's rows, by column name; {@code header} receives the column names. */
    private static List<Map<String, String>> csvRows(List<String> header) throws IOException {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(dir.resolve("r.csv").toFile())) {
            List<Map<String, String>> rows = it.readAll();
            ((CsvSchema) it.getParserSchema()).forEach(c -> header.add(c.getName()));
            return rows;
        }
    }

    /** The HDR log's untagged interval histograms (connect latency, what stock tools read), in order. */
    private static List<Histogram> hdrIntervals() throws IOException {
        HistogramLogReader reader = new HistogramLogReader(dir.resolve("r.hlog").toFile());
        List<Histogram> intervals = new ArrayList<>();
        for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
            if (h.getTag() == null) {
                intervals.add((Histogram) h);
            }
        }
        return intervals;
    }

    @Test
    void theCsvEndsWithTheFinalCountsAndItsIntervalsAddUp() throws IOException {
        List<String> header = new ArrayList<>();
        List<Map<String, String>> rows = csvRows(header);
        assertEquals(List.of("time", "elapsed_s", "total", "dialing", "established", "closed", "error", "not_initiated",
                "started_in_interval", "established_in_interval", "connect_p50_ms", "connect_p99_ms",
                "late_starts_in_interval", "planned_p50_ms", "planned_p99_ms"), header);
        // 0.9 s of dialing and 1 s of holding, a row every 0.2 s and one at the end
        assertTrue(rows.size() >= 4, "rows: " + rows.size());

        Map<String, String> last = rows.get(rows.size() - 1);
        JsonNode counts = result.at("/counts");
        for (String c : List.of("total", "dialing", "established", "closed", "error", "not_initiated")) {
            assertEquals(counts.get(c).asLong(), Long.parseLong(last.get(c)), c + " in the last row " + last);
        }
        long established = 0;
        long started = 0;
        double elapsed = -1;
        for (Map<String, String> row : rows) {
            established += Long.parseLong(row.get("established_in_interval"));
            started += Long.parseLong(row.get("started_in_interval"));
            long states = Stream.of("dialing", "established", "closed", "error", "not_initiated")
                    .mapToLong(c -> Long.parseLong(row.get(c))).sum();
            assertEquals(300, Long.parseLong(row.get("total")));
            assertEquals(300, states, "the states add up in every row: " + row);
            double e = Double.parseDouble(row.get("elapsed_s"));
            assertTrue(e >= elapsed, "elapsed_s grows: " + row);
            elapsed = e;
            Instant.parse(row.get("time"));
            if (Long.parseLong(row.get("established_in_interval")) == 0) {
                assertEquals("", row.get("connect_p50_ms"), "no latency in an interval without connections");
            } else {
                assertTrue(Double.parseDouble(row.get("connect_p99_ms")) >= Double.parseDouble(row.get("connect_p50_ms")));
            }
        }
        assertEquals(result.at("/established_total").asLong(), established);
        assertEquals(result.at("/attempts").asLong(), started);
    }

    @Test
    void theHdrLogHoldsEveryConnectLatency() throws IOException {
        Histogram all = new Histogram(3);
        List<Histogram> intervals = hdrIntervals();
        intervals.forEach(all::add);
        assertTrue(intervals.size() >= 4, "intervals: " + intervals.size());
        JsonNode latency = result.at("/connect_latency_ms");
        assertEquals(latency.get("count").asLong(), all.getTotalCount());
        assertEquals(latency.get("max").asDouble(), all.getMaxValue() / 1000.0, 1e-9, "values are microseconds");
        assertEquals(latency.get("p99").asDouble(), all.getValueAtPercentile(99) / 1000.0, 1e-9);
        assertEquals(latency.get("p50").asDouble(), all.getValueAtPercentile(50) / 1000.0, 1e-9);
        HistogramLogReader reader = new HistogramLogReader(dir.resolve("r.hlog").toFile());
        reader.nextIntervalHistogram(); // the header, StartTime included, is read on the way to it
        double logStart = reader.getStartTimeSec();
        double runStart = Instant.parse(result.at("/start").asText()).toEpochMilli() / 1000.0;
        assertEquals(runStart, logStart, 2.0, "the log starts with the run");
    }

    /** Both files are cut at the same moments: each CSV row's connections are its HDR interval's latencies. */
    @Test
    void theCsvAndTheHdrLogTellTheSameIntervals() throws IOException {
        List<Map<String, String>> rows = csvRows(new ArrayList<>());
        List<Histogram> intervals = hdrIntervals();
        assertEquals(rows.size(), intervals.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            Histogram h = intervals.get(i);
            assertEquals(Long.parseLong(row.get("established_in_interval")), h.getTotalCount(), "interval " + i);
            if (h.getTotalCount() > 0) {
                assertEquals(h.getValueAtPercentile(50) / 1000.0, Double.parseDouble(row.get("connect_p50_ms")), 1e-9);
                assertEquals(h.getValueAtPercentile(99) / 1000.0, Double.parseDouble(row.get("connect_p99_ms")), 1e-9);
            }
        }
    }

    @Test
    void theJunitXmlHasOneCasePerThresholdAndOneForEveryConnection() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("r.xml").toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("tcpswarm", suite.getAttribute("name"));
        JsonNode thresholds = result.at("/thresholds");
        long failedThresholds = 0;
        for (JsonNode t : thresholds) {
            failedThresholds += t.get("passed").asBoolean() ? 0 : 1;
        }
        boolean allEstablished = result.at("/all_established").asBoolean();
        assertEquals(String.valueOf(THRESHOLDS.size() + 1), suite.getAttribute("tests"));
        assertEquals(String.valueOf(failedThresholds + (allEstablished ? 0 : 1)), suite.getAttribute("failures"));

        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(THRESHOLDS.size() + 1, cases.getLength());
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            boolean isThreshold = i < THRESHOLDS.size();
            assertEquals(isThreshold ? THRESHOLDS.get(i) : "every connection established", c.getAttribute("name"));
            assertEquals(isThreshold ? "tcpswarm.threshold" : "tcpswarm.run", c.getAttribute("classname"));
            boolean passed = isThreshold ? thresholds.get(i).get("passed").asBoolean() : allEstablished;
            NodeList failure = c.getElementsByTagName("failure");
            assertEquals(passed ? 0 : 1, failure.getLength(), c.getAttribute("name"));
            if (!passed && isThreshold) {
                assertTrue(((Element) failure.item(0)).getAttribute("message")
                        .contains("measured " + thresholds.get(i).get("measured_text").asText()));
            }
        }
        assertEquals(progressLine(result.at("/counts")),
                suite.getElementsByTagName("system-out").item(0).getTextContent());
    }

    /** --output json: stdout is one JSON document and nothing else; progress and the prompt go to stderr. */
    @Test
    void outputJsonPrintsOnlyTheJsonOnStdout(@TempDir Path own) throws Exception {
        Path file = own.resolve("same.json");
        Cli.Outcome o;
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            o = Cli.runWithInput("y\n", "127.0.0.1:" + s.port(), "-c", "100", "-s", "5ms", "-i", "100ms", "--plain",
                    "--output", "json", "--json", file.toString(), "--threshold", "errors==0");
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode printed;
        try (JsonParser parser = JSON.createParser(o.out())) {
            printed = JSON.readTree(parser);
            assertNull(parser.nextToken(), "nothing after the document");
        }
        assertTrue(o.out().startsWith("{"), "nothing before the document");
        assertEquals("tcpswarm.result/v1", printed.at("/schema").asText());
        assertEquals(0, printed.at("/exit_code").asInt());
        assertEquals(100, printed.at("/established_total").asLong());
        assertEquals(printed, JSON.readTree(file.toFile()), "--json FILE holds the same document");

        assertTrue(o.err().contains("tcpswarm is going to open 100 TCP connections"), "banner on stderr: " + o.err());
        assertTrue(o.err().contains("Do you want to continue? (y/N)"), o.err());
        assertTrue(o.errLines().stream().anyMatch(l -> l.startsWith("Total: 100, ")), "progress on stderr: " + o.err());
        assertFalse(o.err().contains("tcp test statistics"), "no human report anywhere: " + o.err());
    }
}
