package dev.tcpswarm.report;

import static dev.tcpswarm.report.JsonResultWriter.putNumber;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.ramp.LevelResult;
import dev.tcpswarm.ramp.RampPlan;
import dev.tcpswarm.ramp.RampResult;
import dev.tcpswarm.ramp.RampVerdict;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.Threshold;
import dev.tcpswarm.verdict.ThresholdResult;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A capacity search as one JSON document: the settings, every level and fresh attempt in order,
 * and the verdict. Described in {@code docs/ramp-result.md} and versioned by {@link #SCHEMA} the
 * way {@link JsonResultWriter} versions a run's result.
 */
public final class RampJsonWriter {
    /** The value of the top-level {@code schema} field. */
    public static final String SCHEMA = "tcpswarm.ramp/v1";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private RampJsonWriter() {
    }

    /** The document as a Jackson tree; {@code exitCode} is the one the process ends with. */
    public static ObjectNode toTree(RampResult result, String toolVersion, int exitCode) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.putObject("tool").put("name", "tcpswarm").put("version", toolVersion);
        root.put("command", "ramp");
        root.set("settings", settings(result.plan()));
        root.put("start", result.start().toString());
        root.put("end", result.end().toString());
        putNumber(root, "wall_seconds", Duration.between(result.start(), result.end()).toNanos() / 1e9);
        ArrayNode levels = root.putArray("levels");
        for (LevelResult level : result.levels()) {
            levels.add(level(level, result.plan()));
        }
        root.set("verdict", verdict(result.verdict()));
        root.put("exit_code", exitCode);
        return root;
    }

    /** Writes the document to {@code target}, atomically. */
    public static void write(RampResult result, String toolVersion, int exitCode, Path target) throws IOException {
        ObjectNode tree = toTree(result, toolVersion, exitCode);
        AtomicFile.write(target, out -> {
            MAPPER.writeValue(out, tree);
            out.write('\n');
        });
    }

    private static ObjectNode settings(RampPlan plan) {
        LoadPlan dialing = plan.dialing();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("host", dialing.target().host());
        node.put("port", dialing.target().port());
        InetAddress resolved = dialing.target().address().getAddress();
        if (resolved == null) {
            node.putNull("resolved_address");
        } else {
            node.put("resolved_address", resolved.getHostAddress());
        }
        node.put("start", plan.start());
        node.put("step", plan.step().toString());
        node.put("max", plan.max());
        putNumber(node, "level_hold_seconds", plan.levelHoldNanos() / 1e9);
        node.put("precision", plan.precision().toString());
        putNumber(node, "cooldown_seconds", plan.cooldownNanos() / 1e9);
        ArrayNode failWhen = node.putArray("fail_when");
        for (Threshold t : plan.failWhen()) {
            failWhen.add(t.expression());
        }
        node.put("paced", dialing.paced());
        putNumber(node, "start_interval_ms", dialing.startIntervalNanos() / 1e6);
        if (dialing.paced()) {
            putNumber(node, "rate_per_second", dialing.ratePerSecond());
        } else {
            node.putNull("rate_per_second");
        }
        node.put("dial_timeout_ms", dialing.dialTimeoutMillis());
        node.put("close_mode", dialing.closeMode().name().toLowerCase(Locale.ROOT));
        ArrayNode sources = node.putArray("sources");
        dialing.sources().forEach(source -> sources.add(source.getHostAddress()));
        node.put("threads", dialing.threads());
        return node;
    }

    /**
     * One level: its figures over everything held (the fields a level always had), the peak held at
     * once, and under {@code added} the figures of the connections it added; each --fail-when with
     * the one it was judged on.
     */
    private static ObjectNode level(LevelResult level, RampPlan plan) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("phase", level.phase().label());
        node.put("target", level.target());
        node.put("passed", level.passed());
        node.put("interrupted", level.interrupted());
        putText(node, "failure", level.failure());
        putText(node, "local_limit", level.localLimit() == null ? null : level.localLimit().key());
        putFigures(node, level.held());
        node.put("max_concurrent", level.held().totals().maxConcurrent());
        putNumber(node, "wall_seconds", level.held().wallNanos() / 1e9);
        putFigures(node.putObject("added"), level.added());
        ArrayNode failWhen = node.putArray("fail_when");
        for (int i = 0; i < level.failWhen().size(); i++) {
            ThresholdResult r = level.failWhen().get(i);
            ObjectNode e = failWhen.addObject();
            e.put("expression", r.expression());
            e.put("metric", r.metric());
            e.put("judged_on", plan.failWhen().get(i).metric().aboutHeldConnections() ? "held" : "added");
            putNumber(e, "measured", r.measured());
            e.put("measured_text", r.measuredText());
            e.put("holds", r.passed());
        }
        return node;
    }

    /** Counts, errors, rates and latencies of a set of connections seen as one run. */
    private static void putFigures(ObjectNode node, RunResult run) {
        TrackerTotals t = run.totals();
        node.set("counts", JsonResultWriter.counts(t.counts()));
        node.put("established_total", t.everEstablished());
        node.put("closed_by_reset", t.closedByReset());
        node.put("attempts", t.attempts());
        node.set("errors_by_reason", JsonResultWriter.errorsByReason(t));
        putNumber(node, "error_rate", run.errorRate());
        putNumber(node, "connect_rate_per_second", t.connectRatePerSecond());
        putNumber(node, "attempt_rate_per_second", t.attemptRatePerSecond());
        node.put("late_starts", t.lateStarts());
        putNumber(node, "late_start_rate", t.lateStartRate());
        node.set("connect_latency_ms", JsonResultWriter.latency(t.connectLatency()));
        node.set("connect_latency_from_intended_ms", JsonResultWriter.latency(t.connectFromIntended()));
        if (t.tls().used()) {
            node.set("tls", JsonResultWriter.tls(t.tls(), run.end()));
        }
        if (t.messages().used()) {
            node.set("messages", JsonResultWriter.messages(t.messages()));
        }
    }

    private static ObjectNode verdict(RampVerdict v) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("outcome", v.outcome().key());
        node.put("line", v.line());
        putCount(node, "max_concurrency", v.maxConcurrency());
        putCount(node, "first_failure_at", v.firstFailureAt());
        putText(node, "failure", v.failure());
        putText(node, "local_limit", v.localLimit() == null ? null : v.localLimit().key());
        putCount(node, "local_limit_at", v.localLimit() == null ? 0 : v.localAt());
        node.put("ceiling", v.ceiling());
        return node;
    }

    /** A count, or null where it is 0 (nothing held, nothing failed). */
    private static void putCount(ObjectNode node, String field, long value) {
        if (value > 0) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

}
