package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.ThresholdResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
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

    @Test
    void countsEqualTheTrackers() throws IOException {
        JsonNode json = writtenAndReadBack();
        TrackerTotals t = run.result.totals();
        JsonNode counts = json.get("counts");
        assertEquals(10, counts.get("total").asLong());
        assertEquals(1, counts.get("dialing").asLong());
        assertEquals(5, counts.get("established").asLong());
        assertEquals(1, counts.get("closed").asLong());
        assertEquals(3, counts.get("error").asLong());
        assertEquals(0, counts.get("not_initiated").asLong());
        assertEquals(t.everEstablished(), json.get("established_total").asLong());
        assertEquals(6, json.get("established_total").asLong());
        assertEquals(t.maxConcurrent(), json.get("max_concurrent").asLong());
        assertEquals(1, json.get("closed_by_reset").asLong());
        assertEquals(t.lateStarts(), json.get("late_starts").asLong());
        assertEquals(10, json.get("attempts").asLong());
        assertFalse(json.get("all_established").asBoolean());
        assertEquals(run.result.errorRate(), json.get("error_rate").asDouble());
        assertFalse(json.get("interrupted").asBoolean());
        assertEquals(50_000_000, json.get("peak_rss_bytes").asLong());
    }

    @Test
    void everyErrorReasonIsPresent() throws IOException {
        JsonNode byReason = writtenAndReadBack().get("errors_by_reason");
        assertEquals(ErrorReason.values().length, byReason.size());
        for (ErrorReason reason : ErrorReason.values()) {
            assertEquals(run.result.totals().errors(reason), byReason.get(reason.key()).asLong(), reason.key());
        }
        assertEquals(2, byReason.get("refused").asLong());
        assertEquals(1, byReason.get("timeout").asLong());
    }

    @Test
    void latenciesAreTheHistogramsInMilliseconds() throws IOException {
        JsonNode json = writtenAndReadBack();
        Histogram connect = run.result.totals().connectLatency();
        JsonNode c = json.get("connect_latency_ms");
        assertEquals(6, c.get("count").asLong());
        assertEquals(connect.getValueAtPercentile(99) / 1000.0, c.get("p99").asDouble());
        assertEquals(connect.getValueAtPercentile(50) / 1000.0, c.get("p50").asDouble());
        assertEquals(connect.getMinValue() / 1000.0, c.get("min").asDouble());
        assertEquals(connect.getMaxValue() / 1000.0, c.get("max").asDouble());
        assertEquals(connect.getMean() / 1000.0, c.get("avg").asDouble());
        assertEquals(3000.0, c.get("max").asDouble(), 3.0);
        Histogram toError = run.result.totals().timeToError();
        assertEquals(3, json.at("/time_to_error_ms/count").asLong());
        assertEquals(toError.getValueAtPercentile(99.9) / 1000.0, json.at("/time_to_error_ms/p99_9").asDouble());
        assertEquals(1, json.at("/time_to_close_ms/count").asLong());
        assertEquals(6, json.at("/connect_latency_from_intended_ms/count").asLong());
        assertEquals(1, json.at("/schedule_lag_ms/count").asLong());
        for (String field : List.of("count", "min", "avg", "max", "stddev", "p50", "p90", "p99", "p99_9")) {
            assertTrue(json.at("/schedule_lag_ms/" + field).isNumber(), field);
        }
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
