package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.verdict.ThresholdResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonResultWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final SampleRun run = SampleRun.mixed();
    private final List<ThresholdResult> thresholds = List.of(
            new ThresholdResult("p(99)<50ms", "p(99)", 3_000_000, "3000.000ms", false),
            new ThresholdResult("errors_refused<5", "errors_refused", 2, "2", true),
            new ThresholdResult("connect_rate>1", "connect_rate", Double.NaN, "n/a", false));
    private final ResultDocument doc = new ResultDocument("run", "0.1.0", run.plan, run.result, thresholds, 3);

    private JsonNode writtenAndReadBack() throws IOException {
        Path target = dir.resolve("result.json");
        JsonResultWriter.write(doc, target);
        assertEquals(List.of("result.json"), TempFiles.names(dir));
        return JSON.readTree(target.toFile());
    }

    @Test
    void headerAndSettings() throws IOException {
        JsonNode json = writtenAndReadBack();
        assertEquals("tcpswarm.result/v1", json.get("schema").asText());
        assertEquals("tcpswarm", json.at("/tool/name").asText());
        assertEquals("0.1.0", json.at("/tool/version").asText());
        assertEquals("run", json.get("command").asText());
        JsonNode s = json.get("settings");
        assertEquals("localhost", s.get("host").asText());
        assertEquals(7777, s.get("port").asInt());
        assertEquals(run.plan.target().address().getAddress().getHostAddress(), s.get("resolved_address").asText());
        assertEquals(10, s.get("connections").asInt());
        assertTrue(s.get("paced").asBoolean());
        assertEquals(2.0, s.get("start_interval_ms").asDouble());
        assertEquals(500.0, s.get("rate_per_second").asDouble());
        assertEquals(1500, s.get("dial_timeout_ms").asInt());
        assertEquals(3.0, s.get("hold_seconds").asDouble());
        assertTrue(s.get("reconnect").asBoolean());
        assertTrue(s.get("max_duration_seconds").isNull());
        assertEquals("rst", s.get("close_mode").asText());
        assertEquals("127.0.0.2", s.get("sources").get(0).asText());
        assertEquals(2, s.get("threads").asInt());
        assertEquals(run.result.start().toString(), json.get("start").asText());
        assertEquals(run.result.end().toString(), json.get("end").asText());
        assertEquals(1.234, json.get("wall_seconds").asDouble());
        assertEquals(3, json.get("exit_code").asInt());
    }

    /** What SampleRun.mixed() recorded, written down here rather than asked of the tracker. */
    @Test
    void countsAreWhatTheRunRecorded() throws IOException {
        JsonNode json = writtenAndReadBack();
        JsonNode counts = json.get("counts");
        assertEquals(10, counts.get("total").asLong());
        assertEquals(1, counts.get("dialing").asLong());
        assertEquals(5, counts.get("established").asLong());
        assertEquals(1, counts.get("closed").asLong());
        assertEquals(3, counts.get("error").asLong());
        assertEquals(0, counts.get("not_initiated").asLong());
        assertEquals(6, json.get("established_total").asLong());
        assertEquals(6, json.get("max_concurrent").asLong(), "all six held before the server closed one");
        assertEquals(1, json.get("closed_by_reset").asLong());
        assertEquals(1, json.get("late_starts").asLong(), "one paced start, 2 ms late");
        assertEquals(1.0, json.get("late_start_rate").asDouble(), 1e-12);
        assertEquals(10, json.get("attempts").asLong());
        assertEquals(10, json.get("dial_attempts").asLong());
        assertEquals(6, json.get("dial_established").asLong());
        assertFalse(json.get("all_established").asBoolean());
        assertEquals(3.0 / 9, json.get("error_rate").asDouble(), 1e-12, "3 failed of 9 resolved");
        assertFalse(json.get("interrupted").asBoolean());
        assertEquals(50_000_000, json.get("peak_rss_bytes").asLong());
    }

    @Test
    void everyErrorReasonIsPresent() throws IOException {
        JsonNode byReason = writtenAndReadBack().get("errors_by_reason");
        assertEquals(ErrorReason.reported(false).size(), byReason.size(), "a plain run: the TCP reasons");
        for (ErrorReason reason : ErrorReason.reported(false)) {
            long expected = reason == ErrorReason.REFUSED ? 2 : reason == ErrorReason.TIMEOUT ? 1 : 0;
            assertEquals(expected, byReason.get(reason.key()).asLong(), reason.key());
        }
    }

    /** {@code expectedMillis} as HdrHistogram (3 significant digits) may give it back: within 0.1%. */
    private static void assertMillis(double expectedMillis, JsonNode actual, String what) {
        assertEquals(expectedMillis, actual.asDouble(), expectedMillis * 0.001, what);
    }

    /**
     * The latencies SampleRun.mixed() recorded, in milliseconds: connect 5, 50, 150, 700, 1500 and
     * 3000; from the planned start 6, 55, 160, 702, 1502 and 3010; time to error 1, 1000 and 2;
     * one start 2 ms late; one connection closed after 10 s.
     */
    @Test
    void latenciesAreTheRecordedValuesInMilliseconds() throws IOException {
        JsonNode json = writtenAndReadBack();
        JsonNode c = json.get("connect_latency_ms");
        assertEquals(6, c.get("count").asLong());
        assertMillis(5, c.get("min"), "min");
        assertMillis(3000, c.get("max"), "max");
        assertMillis((5 + 50 + 150 + 700 + 1500 + 3000) / 6.0, c.get("avg"), "avg");
        assertMillis(150, c.get("p50"), "p50: the third of six");
        assertMillis(3000, c.get("p90"), "p90: the sixth of six");
        assertMillis(3000, c.get("p99"), "p99");
        JsonNode planned = json.get("connect_latency_from_intended_ms");
        assertEquals(6, planned.get("count").asLong());
        assertMillis(6, planned.get("min"), "planned min");
        assertMillis(3010, planned.get("max"), "planned max");
        assertMillis(160, planned.get("p50"), "planned p50");
        JsonNode toError = json.get("time_to_error_ms");
        assertEquals(3, toError.get("count").asLong());
        assertMillis(1, toError.get("min"), "time to error min");
        assertMillis(2, toError.get("p50"), "time to error p50");
        assertMillis(1000, toError.get("p99_9"), "time to error p99.9");
        assertEquals(1, json.at("/time_to_close_ms/count").asLong());
        assertMillis(10_000, json.at("/time_to_close_ms/max"), "time to close");
        assertEquals(1, json.at("/schedule_lag_ms/count").asLong());
        assertMillis(2, json.at("/schedule_lag_ms/max"), "schedule lag");
        for (String field : List.of("count", "min", "avg", "max", "stddev", "p50", "p90", "p99", "p99_9")) {
            assertTrue(json.at("/schedule_lag_ms/" + field).isNumber(), field);
        }
    }

    /** The rates: each count over its own span, as written in the same document. */
    @Test
    void ratesAreCountsOverTheirSpans() throws IOException {
        JsonNode json = writtenAndReadBack();
        double connectSpan = json.get("connect_span_seconds").asDouble();
        double attemptSpan = json.get("attempt_span_seconds").asDouble();
        assertTrue(connectSpan > 0 && attemptSpan > 0 && json.get("dial_span_seconds").asDouble() >= connectSpan);
        assertEquals(6 / connectSpan, json.get("connect_rate_per_second").asDouble(), 1e-6 * 6 / connectSpan);
        assertEquals(9 / attemptSpan, json.get("attempt_rate_per_second").asDouble(), 1e-6 * 9 / attemptSpan);
    }

    @Test
    void latencyBucketsCountTheConnectHistogramAndTheErrors() throws IOException {
        JsonNode buckets = writtenAndReadBack().get("latency_buckets");
        assertEquals(LatencyBuckets.LABELS, fieldNamesOf(buckets));
        assertEquals(2, buckets.get("0-100ms").asLong());      // 5 ms, 50 ms
        assertEquals(1, buckets.get("100-500ms").asLong());    // 150 ms
        assertEquals(1, buckets.get("500-1000ms").asLong());   // 700 ms
        assertEquals(1, buckets.get("1000-2000ms").asLong());  // 1500 ms
        assertEquals(1, buckets.get(">2000ms").asLong());      // 3000 ms
        assertEquals(3, buckets.get("failed").asLong());
    }

    @Test
    void thresholdsAreListedAndNonFiniteNumbersBecomeNull() throws IOException {
        JsonNode list = writtenAndReadBack().get("thresholds");
        assertEquals(3, list.size());
        assertEquals("p(99)<50ms", list.get(0).get("expression").asText());
        assertEquals("p(99)", list.get(0).get("metric").asText());
        assertEquals(3_000_000.0, list.get(0).get("measured").asDouble());
        assertEquals("3000.000ms", list.get(0).get("measured_text").asText());
        assertFalse(list.get(0).get("passed").asBoolean());
        assertTrue(list.get(1).get("passed").asBoolean());
        assertTrue(list.get(2).get("measured").isNull());
    }

    @Test
    void printingGivesTheSameDocumentAndLeavesTheStreamOpen() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("stdout must stay open");
            }
        };
        JsonResultWriter.writeTo(doc, out);
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.endsWith("}\n"));
        assertEquals(JSON.readTree(JsonResultWriter.toTree(doc).toString()), JSON.readTree(text));
        assertEquals(JSON.readTree(text), writtenAndReadBack());
    }

    @Test
    void writingOverAnOlderResultReplacesItWhole() throws IOException {
        Path target = dir.resolve("result.json");
        Files.writeString(target, "x".repeat(100_000));
        JsonResultWriter.write(doc, target);
        assertEquals("tcpswarm.result/v1", JSON.readTree(target.toFile()).get("schema").asText());
        assertEquals(List.of("result.json"), TempFiles.names(dir));
    }

    private static List<String> fieldNamesOf(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
