package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.engine.tls.NginxTls;
import dev.tcpswarm.engine.tls.TestCertificates;
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
import java.util.Locale;
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
    private static final String CONNECT = "Connect latency, from the connect call";
    private static final String PLANNED = "Latency from the planned start (the connect plus how late it started)";
    private static final String TLS = "TLS handshake latency, after the connect";
    private static final String RESPONSE = "Response latency, from each message's planned send to its answer";
    private static final String ERRORS = "Failed attempts by reason (per second, over each interval)";
    private static final String MESSAGES = "Messages (per second, over each interval)";
    private static final String THROUGHPUT = "Throughput (bytes per second, each way, over each interval)";
    /** The widths a page is looked at: a phone's and a laptop's. */
    /** Phones from 320 to 430 px, and a laptop; screenshots at 390 and 1400. */
    private static final List<Integer> WIDTHS = List.of(320, 390, 430, 1400);
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

    /**
     * A run page's charts, in order: the states and rates over time, each latency over time (the
     * planned start's only when paced), then each latency's percentile plot, its own panel, with
     * its sample count.
     */
    private static List<String> runCharts(JsonNode result) {
        boolean paced = result.at("/settings/paced").asBoolean();
        List<String> charts = new ArrayList<>(List.of("Connections per state",
                "Connect rate (per second, over each interval)", CONNECT));
        if (paced) {
            charts.add(PLANNED);
        }
        charts.add(CONNECT + ", by percentile (n=" + String.format(Locale.ROOT, "%,d",
                result.at("/connect_latency_ms/count").asLong()) + ")");
        if (paced) {
            charts.add(PLANNED + ", by percentile (n=" + String.format(Locale.ROOT, "%,d",
                    result.at("/connect_latency_from_intended_ms/count").asLong()) + ")");
        }
        return charts;
    }

    /**
     * The page at phones' widths (320 to 430 px) and a laptop's: nothing runs past its container, and
     * a screenshot at 390 and 1400 px, {@code target/screenshots/NAME-390.png} and {@code NAME-1400.png}.
     */
    private static void lookAtBothWidths(String name) throws IOException {
        for (int width : WIDTHS) {
            browser.setWidth(width);
            assertEquals(List.of(), browser.overflowing(), name + " at " + width + " px");
            if (width == 390 || width == 1400) {
                browser.screenshot(name + "-" + width, width);
            }
        }
        browser.setWidth(1280);
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
        lookAtBothWidths("run-report");
        browser.assertChartsDrawn(runCharts(result), COLOURED);
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
        assertTrue(browser.text(".verdict .exit").startsWith("exit code 3"), browser.text(".verdict"));
        String connectCount = String.format(Locale.ROOT, "%,d", result.at("/connect_latency_ms/count").asLong());
        assertTrue(browser.text(".tile:nth-child(6) .tile-sub").startsWith("n=" + connectCount + "; p50 "),
                "the p99 tile says how many samples it is of: " + browser.text(".tile:nth-child(6)"));
        assertEquals("n=" + connectCount + " connections", browser.text("table.thresholds tr:nth-child(1) td:nth-child(4)"),
                "p(99)<5s is of every connection's latency");
        assertEquals("", browser.text("table.thresholds tr:nth-child(2) td:nth-child(4)"), "max_concurrent is a count");
        assertEachSeriesVisibleWhereValuesCoincide();
        assertEachPercentilePlotOnItsOwnScale(result);

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

    /**
     * In a chart whose series can hold the same values (established and error both 0, or equal;
     * attempts and established at the same rate), each series is drawn narrower than every one
     * drawn before it, or dashed, so that a later one never covers an earlier one entirely.
     */
    @SuppressWarnings("unchecked")
    private static void assertEachSeriesVisibleWhereValuesCoincide() {
        List<Map<String, Object>> charts = (List<Map<String, Object>>) browser.script(
                "return TcpSwarmCharts.plots().map(function (p) { return {title: p.title, series: p.plot.series.slice(1)"
                + ".map(function (s) { return {label: s.label, width: s.width, dashed: !!(s.dash && s.dash.length)}; })}; });");
        for (Map<String, Object> chart : charts) {
            if (!List.of("Connections per state", "Connect rate (per second, over each interval)", CONNECT)
                    .contains(chart.get("title"))) {
                continue;
            }
            List<Map<String, Object>> series = (List<Map<String, Object>>) chart.get("series");
            for (int i = 1; i < series.size(); i++) {
                double width = ((Number) series.get(i).get("width")).doubleValue();
                double before = ((Number) series.get(i - 1).get("width")).doubleValue();
                assertTrue(width < before, chart.get("title") + ": " + series.get(i) + " is drawn over "
                        + series.get(i - 1) + " and must be narrower, so that both show where they coincide");
            }
        }
    }

    /**
     * Each latency's percentile plot is its own panel on its own scale: the connect latency's y axis
     * ends just above the connect latency's maximum, not at the planned start's (which is far higher
     * when the starts fell behind), where the connect curve would lie flat on zero.
     */
    private static void assertEachPercentilePlotOnItsOwnScale(JsonNode result) {
        for (String[] panel : new String[][] {{CONNECT, "/connect_latency_ms/max"},
            {PLANNED, "/connect_latency_from_intended_ms/max"}}) {
            double top = ((Number) browser.script("var title = arguments[0] + ', by percentile';"
                    + " var p = TcpSwarmCharts.plots().filter(function (c) { return c.title.indexOf(title) === 0; })[0];"
                    + " return p.plot.scales.y.max;", panel[0])).doubleValue();
            double max = result.at(panel[1]).asDouble();
            assertEquals(max * 1.08, top, max * 0.01 + 1e-6, panel[0] + ": the y axis ends just above its own maximum");
        }
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
        JsonNode quiet = JSON.readTree(json.toFile());
        browser.assertChartsDrawn(runCharts(quiet), COLOURED);
        browser.assertFiguresEqual(quiet, List.of("/established_total", "/exit_code"));
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
        lookAtBothWidths("run-report-refused");
        List<String> charts = new ArrayList<>(runCharts(result).subList(0, 2));
        charts.add(ERRORS);
        browser.assertChartsDrawn(charts, 20); // one interval: the rates are single points
        assertTrue(browser.canvases().get(0).coloured() >= COLOURED, "the states are lines from the start: "
                + browser.canvases().get(0));
        assertEquals(2L, browser.script("return document.querySelectorAll('figure.chart .empty').length;"),
                "the two latency charts (unpaced: the connect latency's) say why they are empty");
        browser.assertFiguresEqual(result, List.of("/errors_by_reason/refused", "/counts/error",
                "/connect_latency_ms/count", "/time_to_error_ms/p99"));
        assertEquals(0L, browser.script("return document.querySelectorAll('[data-field^=\"/connect_latency_ms/\"]"
                + ":not([data-field$=\"/count\"])').length;"), "no latency shown as 0.000 ms where none was measured");
        assertEquals("–", browser.text(".tile:nth-child(6) .tile-value"), "the p99 tile: nothing measured");
    }

    /**
     * The x axis's tick labels of every chart, as drawn (uPlot's own labels and positions, measured
     * in the axis's font): each pair of neighbours has room between them.
     */
    @SuppressWarnings("unchecked")
    private static void assertTickLabelsDoNotOverlap() {
        List<Map<String, Object>> axes = (List<Map<String, Object>>) browser.script(
                "var ctx = document.createElement('canvas').getContext('2d'), ratio = window.devicePixelRatio || 1;"
                + "return TcpSwarmCharts.plots().map(function (p) {"
                + "  var u = p.plot, a = u.axes[0];"
                + "  ctx.font = a.font[0];"
                + "  return {title: p.title, labels: a._values, at: a._splits.map(function (v) { return u.valToPos(v, 'x'); }),"
                + "    widths: a._values.map(function (t) { return ctx.measureText(String(t)).width / ratio; })};"
                + "});");
        assertEquals(2, axes.size());
        for (Map<String, Object> axis : axes) {
            List<Object> labels = (List<Object>) axis.get("labels");
            List<Number> at = (List<Number>) axis.get("at");
            List<Number> widths = (List<Number>) axis.get("widths");
            assertTrue(labels.size() >= 5, "the axis still has ticks: " + axis);
            for (int i = 1; i < labels.size(); i++) {
                double gap = at.get(i).doubleValue() - at.get(i - 1).doubleValue();
                double needed = (widths.get(i).doubleValue() + widths.get(i - 1).doubleValue()) / 2 + 6;
                assertTrue(gap >= needed, axis.get("title") + ": '" + labels.get(i - 1) + "' and '" + labels.get(i)
                        + "' are " + Math.round(gap) + " px apart and need " + Math.round(needed));
            }
        }
    }

    /**
     * Ramp levels add to what is held, fresh (bisect) attempts start anew: the chart draws the ramp's
     * established as a line and the attempts' as points of their own series, never one line through
     * both.
     */
    @SuppressWarnings("unchecked")
    private static void assertRampAndBisectAreNotOneLine(JsonNode levels) {
        Map<String, Object> chart = (Map<String, Object>) browser.script(
                "var u = TcpSwarmCharts.plots()[0].plot;"
                + "return {labels: u.series.map(function (s) { return s.label; }),"
                + "  widths: u.series.map(function (s) { return s.width; }), data: u.data};");
        List<String> labels = (List<String>) chart.get("labels");
        List<List<Object>> data = (List<List<Object>>) chart.get("data");
        int ramp = labels.indexOf("Established, ramp");
        int bisect = labels.indexOf("Established, bisect");
        assertTrue(ramp > 0 && bisect > 0, "a series each: " + labels);
        assertEquals(0, ((Number) ((List<Object>) chart.get("widths")).get(bisect)).doubleValue(),
                "fresh attempts are points, not joined");
        for (int i = 0; i < levels.size(); i++) {
            boolean isRamp = levels.get(i).get("phase").asText().equals("ramp");
            assertEquals(isRamp, data.get(ramp).get(i) != null, "level " + (i + 1) + " on the ramp's line");
            assertEquals(!isRamp, data.get(bisect).get(i) != null, "level " + (i + 1) + " among the attempts");
        }
    }

    /**
     * A run with {@code --tls} against nginx (certificates made here): the TLS handshake's latency
     * gets its chart over time and its own percentile panel, its row in the latency table, and a
     * {@code tls_p(99)} threshold says how many handshakes it is of.
     */
    @Test
    void theTlsHandshakeLatencyGetsItsCharts() throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        Path json = dir.resolve("tls.json");
        Path html = dir.resolve("tls.html");
        Cli.Outcome o;
        try (NginxTls nginx = NginxTls.start(dir, certs.valid(), 1, false)) {
            o = Cli.run("run", "localhost:" + nginx.port(), "-c", "40", "--rate", "200", "-i", "100ms", "-y", "--plain",
                    "--tls", "--ca", certs.ca().toString(), "--dial-timeout", "30s", "--threshold", "tls_p(99)<60s",
                    "--json", json.toString(), "--html", html.toString());
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());
        assertEquals(40, result.at("/tls/handshake_latency_ms/count").asLong(), result.toString());

        browser.open(html);
        browser.assertNoErrors();
        lookAtBothWidths("run-report-tls");
        List<String> charts = new ArrayList<>(runCharts(result));
        charts.add(4, TLS);
        charts.add(TLS + ", by percentile (n=40)");
        browser.assertChartsDrawn(charts, COLOURED);
        browser.assertFiguresEqual(result, List.of("/tls/handshake_latency_ms/p99", "/tls/handshake_latency_ms/count"));
        assertEquals("n=40 handshakes", browser.text("table.thresholds td:nth-child(4)"));
        JsonNode overTime = browser.pageData(DATA).at("/timeline/tls_ms/count");
        long handshakes = 0;
        for (JsonNode n : overTime) {
            handshakes += n.asLong();
        }
        assertEquals(40, handshakes, "the intervals' handshakes add up to the run's: " + overTime);
    }

    /**
     * The response latency of {@code --message ... --expect} against the echo server: it gets its
     * chart over time and its own percentile panel, and its intervals' answers add up to the run's;
     * the traffic gets its charts of messages and bytes per second, whose rates over the intervals
     * add up to the run's counts, and to what the echo server echoed.
     */
    @Test
    void theResponseLatencyGetsItsCharts() throws Exception {
        Path json = dir.resolve("response.json");
        Path html = dir.resolve("response.html");
        Cli.Outcome o;
        long echoed;
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            o = Cli.run("run", "127.0.0.1:" + echo.port(), "-c", "40", "--rate", "100", "--hold", "1s", "--message",
                    "ping\\n", "--message-rate", "10", "--expect", "\\n", "--response-timeout", "10s", "-i", "100ms",
                    "-y", "--plain", "--json", json.toString(), "--html", html.toString());
            long sent = JSON.readTree(json.toFile()).at("/messages/bytes_sent").asLong();
            Kernel.awaitEquals(sent, echo::echoedBytes, 10, "the bytes the server echoed");
            echoed = echo.echoedBytes();
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());
        long responses = result.at("/messages/responses").asLong();
        assertTrue(responses >= 40 * 10, result.get("messages").toString());
        assertEquals(responses, result.at("/messages/response_latency_ms/count").asLong());

        browser.open(html);
        browser.assertNoErrors();
        List<String> charts = new ArrayList<>(runCharts(result));
        charts.add(2, MESSAGES);
        charts.add(3, THROUGHPUT);
        charts.add(6, RESPONSE);
        charts.add(RESPONSE + ", by percentile (n=" + String.format(Locale.ROOT, "%,d", responses) + ")");
        browser.assertChartsDrawn(charts, COLOURED);
        lookAtBothWidths("run-report-messages");
        browser.assertFiguresEqual(result, List.of("/messages/response_latency_ms/p99",
                "/messages/response_latency_ms/count"));
        long answered = 0;
        for (JsonNode n : browser.pageData(DATA).at("/timeline/response_ms/count")) {
            answered += n.asLong();
        }
        assertEquals(responses, answered, "the intervals' answers add up to the run's");
        JsonNode timeline = browser.pageData(DATA).at("/timeline");
        JsonNode m = result.at("/messages");
        assertEquals(echoed, m.at("/bytes_sent").asLong(), "the server echoed every byte sent");
        assertEquals(echoed, m.at("/bytes_received").asLong(), "and every byte came back");
        for (String[] rate : new String[][] {{"messages_per_second", "/sent"}, {"responses_per_second", "/responses"},
                {"response_timeouts_per_second", "/response_timeouts"}, {"bytes_sent_per_second", "/bytes_sent"},
                {"bytes_received_per_second", "/bytes_received"}}) {
            double sum = 0;
            JsonNode perSecond = timeline.at("/traffic/" + rate[0]);
            for (int i = 0; i < perSecond.size(); i++) {
                sum += perSecond.get(i).asDouble() * timeline.at("/interval_s").get(i).asDouble();
            }
            assertEquals(m.at(rate[1]).asDouble(), sum, 0.5, rate[0] + " over the intervals: " + perSecond);
        }
    }

    /**
     * Errors over time, as Gatling draws them: a paced run against a closed port fails every attempt
     * over several intervals, and the chart of failures by reason has them interval by interval,
     * adding up to the run's.
     */
    @Test
    void errorsByReasonAreDrawnOverTime() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path json = dir.resolve("refused-paced.json");
        Path html = dir.resolve("refused-paced.html");
        Cli.Outcome o = Cli.run("run", "127.0.0.1:" + closedPort, "-c", "30", "--rate", "50", "-i", "100ms", "-y",
                "--plain", "--json", json.toString(), "--html", html.toString());
        assertEquals(2, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());

        browser.open(html);
        browser.assertNoErrors();
        List<Browser.Canvas> errors = browser.canvases().stream().filter(c -> c.caption().equals(ERRORS)).toList();
        assertEquals(1, errors.size(), "one chart of errors over time: " + browser.canvases());
        assertTrue(errors.get(0).coloured() >= COLOURED, "drawn: " + errors.get(0));
        JsonNode t = browser.pageData(DATA).get("timeline");
        JsonNode refused = t.at("/errors_per_second/refused");
        assertTrue(t.get("elapsed_s").size() >= 5, "several intervals in 0.6 s at -i 100ms: " + t.get("elapsed_s"));
        double sum = 0;
        int intervalsWithFailures = 0;
        for (int i = 0; i < refused.size(); i++) {
            double inInterval = refused.get(i).asDouble() * t.get("interval_s").get(i).asDouble();
            sum += inInterval;
            intervalsWithFailures += inInterval > 0 ? 1 : 0;
        }
        assertEquals(result.at("/errors_by_reason/refused").asDouble(), sum, 1e-6, "the intervals add up to the run");
        assertTrue(intervalsWithFailures >= 3, "the failures are spread over the run, not one total: " + refused);
    }

    /**
     * A server that resets every connection leaves tcpgoon's exit code 0, but the page does not read
     * as a success: the banner's first line says the server reset them, coloured as a warning, and
     * the errors section does not give the all-clear. With two connections, the p99 says n=2.
     */
    @Test
    void aResettingServerGetsAWarningBannerAndAPercentileOfTwoSaysSo() throws Exception {
        Path json = dir.resolve("reset.json");
        Path html = dir.resolve("reset.html");
        Cli.Outcome o;
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.RESET, 0, 1)) {
            o = Cli.run("run", "127.0.0.1:" + server.port(), "-c", "2", "-s", "2ms", "--hold", "400ms", "-i", "100ms",
                    "-y", "--threshold", "p(99)<5s", "--json", json.toString(), "--html", html.toString());
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());
        assertEquals(2, result.at("/closed_by_reset").asLong(), result.toString());

        browser.open(html);
        browser.assertNoErrors();
        lookAtBothWidths("run-report-reset");
        assertEquals("verdict warn", browser.script("return document.querySelector('.verdict').className;"),
                "a warning, not green");
        assertEquals("Warning: the server reset 2 of the 2 established connections",
                browser.text(".verdict > :first-child"), "the banner's first line");
        String errors = browser.text("#errors .note");
        assertTrue(errors.startsWith("No connection attempt failed, but the server reset 2 of the 2 established "
                + "connections"), errors);
        assertEquals("n=2 connections", browser.text("table.thresholds td:nth-child(4)"), "the p99 of two samples");
        assertTrue(browser.text(".tile:nth-child(6) .tile-sub").startsWith("n=2; "), browser.text(".tile:nth-child(6)"));
        browser.assertFiguresEqual(result, List.of("/connect_latency_ms/count", "/closed_by_reset"));
    }

    /**
     * {@code merge --html}: the page says how many shards it merged and shows each one's counts,
     * start offset and peak memory, and its peak memory tile says it is the largest shard's.
     */
    @Test
    void theMergedPageShowsEachShard() throws Exception {
        List<String> files = new ArrayList<>();
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            for (int i = 0; i < 2; i++) {
                Path shardJson = dir.resolve("shard-" + i + ".json");
                Path log = dir.resolve("shard-" + i + ".hlog");
                Cli.Outcome shard = Cli.run("run", "127.0.0.1:" + server.port(), "-c", "100", "--rate", "1000",
                        "--hold", "200ms", "-i", "100ms", "-y", "--shard", i + "/2", "--json", shardJson.toString(),
                        "--hdr-log", log.toString());
                assertEquals(0, shard.exit(), shard.out() + shard.err());
                files.addAll(List.of(shardJson.toString(), log.toString()));
            }
        }
        Path json = dir.resolve("merged.json");
        Path html = dir.resolve("merged.html");
        List<String> args = new ArrayList<>(List.of("merge"));
        args.addAll(files);
        args.addAll(List.of("--json", json.toString(), "--html", html.toString()));
        Cli.Outcome merged = Cli.run(args.toArray(new String[0]));
        assertEquals(0, merged.exit(), merged.out() + merged.err());
        JsonNode result = JSON.readTree(json.toFile());

        browser.open(html);
        browser.assertNoErrors();
        lookAtBothWidths("merge-report");
        List<String> mustShow = new ArrayList<>(List.of("/merged/shards", "/merged/max_concurrent_upper_bound",
                "/merged/start_spread_seconds", "/peak_rss_bytes"));
        for (int i = 0; i < 2; i++) {
            for (String field : List.of("index", "file", "start_offset_seconds", "wall_seconds", "connections",
                    "attempts", "established_total", "max_concurrent", "closed", "errors", "peak_rss_bytes")) {
                mustShow.add("/merged/each/" + i + "/" + field);
            }
        }
        browser.assertFiguresEqual(result, mustShow);
        assertEquals(2L, browser.script("return document.querySelectorAll('table.shards tbody tr').length;"));
        assertTrue(browser.text("#shards .note").startsWith("2 shards of one plan merged"), browser.text("#shards .note"));
        String memory = (String) browser.script("return Array.from(document.querySelectorAll('.tile')).filter(function (t) {"
                + " return t.querySelector('.tile-label').textContent === 'Peak memory'; })[0].textContent;");
        assertTrue(memory.endsWith("resident, the largest shard's"), memory);
    }

    @Test
    void theRampPageShowsEveryLevelAgainstItsTargetAndTheVerdict() throws Exception {
        Path json = dir.resolve("ramp.json");
        Path html = dir.resolve("ramp.html");
        Cli.Outcome o;
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 170, 1)) {
            // 17 ramp levels of 10 up to the server's 170, then fresh attempts: more levels than
            // labels of '#5 ramp 1,600' fit side by side on a laptop's screen
            o = Cli.run("ramp", "127.0.0.1", String.valueOf(server.port()), "--start", "10", "--step", "+10",
                    "--max", "300", "--precision", "2", "-s", "0", "--level-hold", "150ms", "--cooldown", "100ms",
                    "-i", "0", "-y", "--json", json.toString(), "--html", html.toString());
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode result = JSON.readTree(json.toFile());
        JsonNode levels = result.at("/levels");
        assertTrue(levels.size() >= 18, "ramp levels and fresh attempts: " + levels);

        browser.open(html);
        browser.assertNoErrors();
        lookAtBothWidths("ramp-report");
        browser.setWidth(1400);
        assertTickLabelsDoNotOverlap();
        browser.setWidth(1280);
        browser.assertChartsDrawn(List.of("Established against target",
                "Connect latency per level (the connections each level added)"), COLOURED);
        List<String> mustShow = new ArrayList<>(List.of("/verdict/line", "/exit_code", "/verdict/max_concurrency",
                "/verdict/first_failure_at", "/verdict/ceiling", "/settings/start", "/settings/max"));
        for (int i = 0; i < levels.size(); i++) {
            for (String field : List.of("target", "counts/established", "max_concurrent", "passed",
                    "added/connect_latency_ms/p99", "added/counts/error", "added/counts/not_initiated")) {
                mustShow.add("/levels/" + i + "/" + field);
            }
        }
        browser.assertFiguresEqual(result, mustShow);
        assertRampAndBisectAreNotOneLine(levels);
        List<String> out = o.outLines();
        assertEquals(out.get(out.size() - 1), browser.text(".verdict .line"), "the verdict line, as printed");
        assertEquals(result, browser.pageData(DATA).get("result"), "the page's result is the JSON result");
    }
}
