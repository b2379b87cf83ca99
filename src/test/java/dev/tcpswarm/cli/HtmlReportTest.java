package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.web.Browser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --html} and {@code ramp --html} looked at as a person would: real runs against the
 * built-in server, each page opened from file:// in headless Chromium. No console error, every
 * chart's canvas drawn with its series' colours, and every figure on the page equal to the JSON
 * result of the same run ({@code --json}); the charts' data equal to the CSV of the same intervals.
 * A screenshot of each page is saved under target/screenshots/.
 */
class HtmlReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA = "tcpswarm-data";
    private static final List<String> RUN_CHARTS = List.of("Connections per state",
            "Connect rate (per second, over each interval)", "Connect latency, from the connect call",
            "Latency from the planned start (the connect plus how late it started)", "Connect latency by percentile");
    /** A line two pixels wide across a chart leaves far more than this many coloured pixels. */
    private static final long COLOURED = 200;

    static Browser browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theRunPageShowsTheRunOverTimeAndTheSameFiguresAsTheJson() throws Exception {
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        Path html = dir.resolve("r.html");
        Cli.Outcome o;
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 350, 1)) {
            o = Cli.run("run", "127.0.0.1:" + server.port(), "-c", "400", "--rate", "400", "--hold", "500ms",
                    "-i", "200ms", "--plain", "-y", "--threshold", "p(99)<5s", "--threshold", "max_concurrent<=300",
                    "--json", json.toString(), "--csv", csv.toString(), "--html", html.toString());
        }
        assertEquals(3, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());

        browser.open(html);
        browser.assertNoErrors();
        browser.screenshot("run-report");
        browser.assertChartsDrawn(RUN_CHARTS, COLOURED);
        List<String> mustShow = new ArrayList<>(List.of("/exit_code", "/established_total", "/counts/total",
                "/attempts", "/max_concurrent", "/counts/established", "/counts/error", "/error_rate",
                "/counts/closed", "/closed_by_reset", "/connect_rate_per_second", "/attempt_rate_per_second",
                "/late_starts", "/late_start_rate", "/peak_rss_bytes", "/wall_seconds", "/start", "/end",
                "/tool/version", "/settings/host", "/settings/port", "/settings/connections",
                "/settings/rate_per_second", "/latency_buckets/0-100ms", "/latency_buckets/failed"));
        for (String histogram : List.of("connect_latency_ms", "connect_latency_from_intended_ms", "time_to_error_ms",
                "time_to_close_ms", "schedule_lag_ms")) {
            boolean measured = result.at("/" + histogram + "/count").asLong() > 0; // else a dash, not zeros
            for (String field : measured ? List.of("count", "min", "avg", "p50", "p90", "p99", "p99_9", "max",
                    "stddev") : List.of("count")) {
                mustShow.add("/" + histogram + "/" + field);
            }
        }
        for (int i = 0; i < 2; i++) {
            for (String field : List.of("passed", "expression", "measured_text")) {
                mustShow.add("/thresholds/" + i + "/" + field);
            }
        }
        result.at("/errors_by_reason").fieldNames().forEachRemaining(k -> mustShow.add("/errors_by_reason/" + k));
        browser.assertFiguresEqual(result, mustShow);
        assertEquals("FAIL", browser.text("tr.fail .figure.fail"), "max_concurrent<=300 fails: the server holds 350");
        assertEquals("max_concurrent<=300", browser.text("tr.fail code"));
        assertTrue(browser.text(".verdict").startsWith("exit code 3"), browser.text(".verdict"));

        JsonNode page = browser.pageData(DATA);
        assertEquals(result, page.get("result"), "the page's result is the JSON result");
        JsonNode timeline = page.get("timeline");
        List<Map<String, String>> rows = csvRows(csv);
        assertTrue(rows.size() >= 5, "a run of over a second at -i 200ms has several intervals: " + rows.size());
        assertEquals(rows.size() + 1, timeline.get("elapsed_s").size(), "the start, then one point per interval");
        assertEquals(0.0, timeline.get("elapsed_s").get(0).asDouble());
        assertEquals(400, timeline.get("not_initiated").get(0).asLong(), "at the start, nothing was initiated");
        Instant start = Instant.parse(result.at("/start").asText());
        long establishedSum = 0;
        for (int r = 0; r < rows.size(); r++) {
            Map<String, String> row = rows.get(r);
            int i = r + 1;
            Instant end = start.plusMillis(Math.round(timeline.get("elapsed_s").get(i).asDouble() * 1000));
            assertTrue(Math.abs(Duration.between(end, Instant.parse(row.get("time"))).toMillis()) <= 1,
                    "interval " + i + " ends at " + row.get("time") + ", the chart says " + end);
            for (String state : List.of("total", "dialing", "established", "closed", "error", "not_initiated",
                    "started_in_interval", "established_in_interval")) {
                assertEquals(Long.parseLong(row.get(state)), timeline.get(state).get(i).asLong(), state + " at " + i);
            }
            for (String[] pair : new String[][] {{"connect_ms", "p50", "connect_p50_ms"},
                {"connect_ms", "p99", "connect_p99_ms"}, {"planned_ms", "p50", "planned_p50_ms"},
                {"planned_ms", "p99", "planned_p99_ms"}}) {
                JsonNode charted = timeline.get(pair[0]).get(pair[1]).get(i);
                String cell = row.get(pair[2]);
                if (cell.isEmpty()) {
                    assertTrue(charted.isNull(), pair[2] + " at " + i);
                } else {
                    assertEquals(Double.parseDouble(cell), charted.asDouble(), 1e-9, pair[2] + " at " + i);
                }
            }
            establishedSum += timeline.get("established_in_interval").get(i).asLong();
        }
        assertEquals(result.at("/established_total").asLong(), establishedSum, "the intervals add up to the run");
        int last = rows.size();
        assertEquals(result.at("/counts/established").asLong(), timeline.get("established").get(last).asLong());
        assertEquals(result.at("/counts/closed").asLong(), timeline.get("closed").get(last).asLong());

        JsonNode curve = page.get("distribution");
        for (String[] at : new String[][] {{"50", "p50"}, {"90", "p90"}, {"99", "p99"}, {"99.9", "p99_9"}}) {
            int index = indexOf(curve.get("percentile"), Double.parseDouble(at[0]));
            assertEquals(result.at("/connect_latency_ms/" + at[1]).asDouble(), curve.get("connect_ms").get(index).asDouble(),
                    1e-9, "the percentile plot at " + at[0] + "%");
            assertEquals(result.at("/connect_latency_from_intended_ms/" + at[1]).asDouble(),
                    curve.get("planned_ms").get(index).asDouble(), 1e-9, "the planned-start plot at " + at[0] + "%");
        }
        JsonNode connect = curve.get("connect_ms");
        assertEquals(result.at("/connect_latency_ms/max").asDouble(), connect.get(connect.size() - 1).asDouble(), 1e-9,
                "the plot's tail reaches the maximum");
    }

    private static int indexOf(JsonNode levels, double percentile) {
        for (int i = 0; i < levels.size(); i++) {
            if (Math.abs(levels.get(i).asDouble() - percentile) < 1e-9) {
                return i;
            }
        }
        throw new AssertionError("no " + percentile + "% on the plot: " + levels);
    }

    private static List<Map<String, String>> csvRows(Path csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            return it.readAll();
        }
    }

    @Test
    void withProgressLinesOffTheFilesAreStillSampledEverySecond() throws Exception {
        Path json = dir.resolve("quiet.json");
        Path csv = dir.resolve("quiet.csv");
        Path html = dir.resolve("quiet.html");
        Cli.Outcome o;
        int port;
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            port = server.port();
            o = Cli.run("run", "127.0.0.1:" + port, "-c", "30", "--rate", "12", "-i", "0", "--plain", "-y",
                    "--json", json.toString(), "--csv", csv.toString(), "--html", html.toString());
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        List<String> lines = o.outLines();
        assertTrue(lines.get(0).startsWith("--- 127.0.0.1:" + port + " tcp test statistics ---"),
                "-i 0: no progress line before the report:\n" + o.out());

        browser.open(html);
        browser.assertNoErrors();
        browser.screenshot("run-report-quiet");
        browser.assertChartsDrawn(RUN_CHARTS, COLOURED);
        browser.assertFiguresEqual(JSON.readTree(json.toFile()), List.of("/established_total", "/exit_code"));
        JsonNode timeline = browser.pageData(DATA).get("timeline");
        JsonNode ends = timeline.get("elapsed_s");
        assertEquals(csvRows(csv).size() + 1, ends.size(), "the CSV has the same intervals");
        assertTrue(ends.size() >= 3, "a run of 2.4 s sampled every second: the start, a tick or two, the end: " + ends);
        for (int k = 1; k < ends.size() - 1; k++) {
            assertTrue(ends.get(k).asDouble() >= k - 0.005, "tick " + k + " on the one-second schedule, never earlier "
                    + "(the ticks run at a fixed rate from the start): " + ends);
        }
    }

    @Test
    void namesFromTheCommandLineAreShownAsTextAndNeverRun() throws Exception {
        // a directory and file names that are markup: an <img> with an onerror, and a </script> that
        // would end the page's data block if it were not escaped
        Path hostile = dir.resolve("<img src=x onerror=alert(1)>").resolve("<").resolve("script><script>alert(2)<");
        Files.createDirectories(hostile);
        Path json = hostile.resolve("script>.json");
        assertTrue(json.toString().contains("</script><script>alert(2)</script>.json"), json.toString());
        Path html = dir.resolve("hostile.html");
        Cli.Outcome o;
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            o = Cli.run("run", "127.0.0.1:" + server.port(), "-c", "5", "-s", "0", "-i", "0", "-y",
                    "--threshold", "established>=5", "--json", json.toString(), "--html", html.toString());
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        String source = Files.readString(html);
        assertFalse(source.contains("alert(2)</script>"), "the data block escapes what would close it");

        browser.open(html);
        browser.assertNoErrors();
        browser.screenshot("run-report-hostile-names");
        String command = browser.text("pre.command");
        assertTrue(command.contains(" --json '" + json + "' "), "the command line shows the file name as text, "
                + "quoted as a shell would need it: " + command);
        assertEquals(0L, browser.script("return document.querySelectorAll('main img, main script').length;"),
                "no element was made from the names");
        browser.assertFiguresEqual(JSON.readTree(json.toFile()), List.of("/thresholds/0/expression"));
    }

    @Test
    void aRunWithoutAnyConnectionSaysThereIsNoLatencyToDraw() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path json = dir.resolve("refused.json");
        Path html = dir.resolve("refused.html");
        Cli.Outcome o = Cli.run("run", "127.0.0.1:" + closedPort, "-c", "20", "-s", "0", "-i", "0", "-y",
                "--json", json.toString(), "--html", html.toString());
        assertEquals(2, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());
        assertEquals(20, result.at("/errors_by_reason/refused").asLong());

        browser.open(html);
        browser.assertNoErrors();
        browser.screenshot("run-report-refused");
        browser.assertChartsDrawn(RUN_CHARTS.subList(0, 2), 20); // one interval: the rates are single points
        assertTrue(browser.canvases().get(0).coloured() >= COLOURED, "the states are lines from the start: "
                + browser.canvases().get(0));
        assertEquals(3L, browser.script("return document.querySelectorAll('figure.chart .empty').length;"),
                "the three latency charts say why they are empty");
        browser.assertFiguresEqual(result, List.of("/errors_by_reason/refused", "/counts/error",
                "/connect_latency_ms/count", "/time_to_error_ms/p99"));
        assertEquals(0L, browser.script("return document.querySelectorAll('[data-field^=\"/connect_latency_ms/\"]"
                + ":not([data-field$=\"/count\"])').length;"), "no latency shown as 0.000 ms where none was measured");
        assertEquals("–", browser.text(".tile:nth-child(6) .tile-value"), "the p99 tile: nothing measured");
    }

    @Test
    void theRampPageShowsEveryLevelAgainstItsTargetAndTheVerdict() throws Exception {
        Path json = dir.resolve("ramp.json");
        Path html = dir.resolve("ramp.html");
        Cli.Outcome o;
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 170, 1)) {
            o = Cli.run("ramp", "127.0.0.1", String.valueOf(server.port()), "--start", "50", "--step", "+50",
                    "--max", "300", "--precision", "10", "-s", "0", "--level-hold", "200ms", "--cooldown", "200ms",
                    "-i", "0", "-y", "--json", json.toString(), "--html", html.toString());
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());
        JsonNode levels = result.at("/levels");
        assertTrue(levels.size() >= 5, "ramp levels and fresh attempts: " + levels);

        browser.open(html);
        browser.assertNoErrors();
        browser.screenshot("ramp-report");
        browser.assertChartsDrawn(List.of("Established against target",
                "Connect latency per level (the connections each level added)"), COLOURED);
        List<String> mustShow = new ArrayList<>(List.of("/verdict/line", "/exit_code", "/verdict/max_concurrency",
                "/verdict/first_failure_at", "/verdict/ceiling", "/settings/start", "/settings/max"));
        for (int i = 0; i < levels.size(); i++) {
            for (String field : List.of("target", "counts/established", "max_concurrent", "passed",
                    "added/connect_latency_ms/p99", "added/counts/error")) {
                mustShow.add("/levels/" + i + "/" + field);
            }
        }
        browser.assertFiguresEqual(result, mustShow);
        List<String> out = o.outLines();
        assertEquals(out.get(out.size() - 1), browser.text(".verdict .line"), "the verdict line, as printed");
        assertEquals(result, browser.pageData(DATA).get("result"), "the page's result is the JSON result");
    }
}
