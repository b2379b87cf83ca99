package dev.tcpswarm.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Shard;
import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LatencySummary;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.MessageTotals;
import dev.tcpswarm.stats.TlsSession;
import dev.tcpswarm.stats.TlsTotals;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.ThresholdResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;

/**
 * The run's result as one JSON document, the form CI jobs and scripts read. The layout is
 * described in {@code docs/json-result.md} and versioned by {@link #SCHEMA}: additions keep the
 * version, renames and removals change it.
 */
public final class JsonResultWriter {
    /** The value of the top-level {@code schema} field. */
    public static final String SCHEMA = "tcpswarm.result/v1";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private JsonResultWriter() {
    }

    /** The document as a Jackson tree. */
    public static ObjectNode toTree(ResultDocument doc) {
        RunResult result = doc.result();
        TrackerTotals totals = result.totals();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.putObject("tool").put("name", "tcpswarm").put("version", doc.toolVersion());
        root.put("command", doc.command());
        root.set("settings", settings(doc.plan()));
        root.set("shard", shard(doc.plan()));
        root.put("start", result.start().toString());
        root.put("end", result.end().toString());
        putNumber(root, "wall_seconds", result.wallNanos() / 1e9);
        root.set("counts", counts(totals.counts()));
        root.put("established_total", totals.everEstablished());
        root.put("max_concurrent", totals.maxConcurrent());
        root.put("closed_by_reset", totals.closedByReset());
        root.put("reopened", totals.reopened());
        root.put("reopen_failed", totals.reopenFailed());
        root.put("late_starts", totals.lateStarts());
        putNumber(root, "late_start_rate", totals.lateStartRate());
        root.put("attempts", totals.attempts());
        root.set("errors_by_reason", errorsByReason(totals));
        DialPhase dial = totals.dialPhase();
        putNumber(root, "connect_rate_per_second", dial.connectRatePerSecond());
        putNumber(root, "connect_span_seconds", dial.connectSpanNanos() / 1e9);
        root.put("dial_established", dial.established());
        putNumber(root, "attempt_rate_per_second", dial.attemptRatePerSecond());
        putNumber(root, "attempt_span_seconds", dial.attemptSpanNanos() / 1e9);
        root.put("dial_attempts", dial.attempts());
        putNumber(root, "dial_span_seconds", dial.resolveSpanNanos() / 1e9);
        putNumber(root, "dial_start_seconds", dial.firstAttemptNanos() / 1e9);
        root.set("connect_latency_ms", latency(totals.connectLatency()));
        root.set("connect_latency_from_intended_ms", latency(totals.connectFromIntended()));
        root.set("time_to_error_ms", latency(totals.timeToError()));
        root.set("time_to_close_ms", latency(totals.timeToClose()));
        root.set("schedule_lag_ms", latency(totals.scheduleLag()));
        if (totals.tls().used()) {
            root.set("tls", tls(totals.tls(), result.end()));
        }
        if (totals.messages().used()) {
            root.set("messages", messages(totals.messages()));
        }
        ObjectNode buckets = root.putObject("latency_buckets");
        LatencyBuckets.of(totals.connectLatency(), totals.counts().error()).byLabel().forEach(buckets::put);
        root.put("all_established", result.allEstablished());
        putNumber(root, "error_rate", result.errorRate());
        root.put("interrupted", result.interrupted());
        root.put("deadline_reached", result.deadlineReached());
        if (result.peakRssBytes() < 0) {
            root.putNull("peak_rss_bytes");
        } else {
            root.put("peak_rss_bytes", result.peakRssBytes());
        }
        ArrayNode thresholds = root.putArray("thresholds");
        for (ThresholdResult t : doc.thresholds()) {
            ObjectNode node = thresholds.addObject();
            node.put("expression", t.expression());
            node.put("metric", t.metric());
            putNumber(node, "measured", t.measured());
            node.put("measured_text", t.measuredText());
            node.put("passed", t.passed());
        }
        root.put("exit_code", doc.exitCode());
        return root;
    }

    /**
     * The traffic on the held connections (only for a run with {@code --send} or {@code --message}):
     * messages, answers (with {@code --expect}), bytes and their rates, the response latency.
     */
    static ObjectNode messages(MessageTotals m) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("sent", m.sent());
        putNumber(node, "sent_per_second", m.messagesPerSecond());
        putNumber(node, "span_seconds", m.spanNanos() / 1e9);
        node.put("expecting", m.expecting());
        node.put("responses", m.responses());
        node.put("response_timeouts", m.timeouts());
        node.put("responses_late", m.late());
        node.put("unanswered", m.unanswered());
        node.put("bytes_sent", m.bytesSent());
        node.put("bytes_received", m.bytesReceived());
        putNumber(node, "bytes_sent_per_second", m.bytesSentPerSecond());
        putNumber(node, "bytes_received_per_second", m.bytesReceivedPerSecond());
        node.set("response_latency_ms", latency(m.responseLatency()));
        return node;
    }

    /**
     * The TLS figures (only for a run with {@code --tls}): handshakes completed and failed, their
     * latency, what the first completed one negotiated, and the server's certificate.
     */
    static ObjectNode tls(TlsTotals tls, Instant now) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("handshakes_completed", tls.completed());
        node.put("handshakes_failed", tls.failed());
        node.set("handshake_latency_ms", latency(tls.handshakeLatency()));
        TlsSession s = tls.session();
        if (s == null) {
            node.putNull("protocol");
            node.putNull("cipher");
            node.putNull("alpn");
            node.putNull("provider");
            node.putNull("certificate");
            return node;
        }
        node.put("protocol", s.protocol());
        node.put("cipher", s.cipher());
        if (s.alpn().isEmpty()) {
            node.putNull("alpn");
        } else {
            node.put("alpn", s.alpn());
        }
        if (s.provider().isEmpty()) {
            node.putNull("provider");
        } else {
            node.put("provider", s.provider());
        }
        if (s.notAfter() == null) {
            node.putNull("certificate");
            return node;
        }
        ObjectNode cert = node.putObject("certificate");
        cert.put("subject", s.subject());
        cert.put("issuer", s.issuer());
        cert.put("not_after", s.notAfter().toString());
        cert.put("days_left", s.daysLeft(now));
        cert.put("earliest_not_after", s.earliestNotAfter().toString());
        return node;
    }

    /** Prints the document, indented and ending in a newline; {@code out} stays open (it may be stdout). */
    public static void writeTo(ResultDocument doc, OutputStream out) throws IOException {
        writeTo(toTree(doc), out);
    }

    /** Writes the document to {@code target}, atomically. */
    public static void write(ResultDocument doc, Path target) throws IOException {
        write(toTree(doc), target);
    }

    /** Prints a document's tree (one {@link #toTree} made, perhaps with more fields), as {@link #writeTo(ResultDocument, OutputStream)}. */
    public static void writeTo(ObjectNode tree, OutputStream out) throws IOException {
        MAPPER.writeValue(out, tree);
        out.write('\n');
        out.flush();
    }

    /** Writes a document's tree to {@code target}, atomically. */
    public static void write(ObjectNode tree, Path target) throws IOException {
        AtomicFile.write(target, out -> {
            MAPPER.writeValue(out, tree);
            out.write('\n');
        });
    }

    /**
     * Which run this is, as the HDR interval log's header records it: its {@code settings} and
     * {@code shard}, as in the result.
     */
    public static ObjectNode runTree(LoadPlan plan) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("settings", settings(plan));
        node.set("shard", shard(plan));
        return node;
    }

    /**
     * What the run set out to do: the whole plan, as the command line gave it (the same for every
     * shard of a plan; what one shard took of it is in {@link #shard}).
     */
    private static ObjectNode settings(LoadPlan plan) {
        Shard whole = plan.shard();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("host", plan.target().host());
        node.put("port", plan.target().port());
        InetAddress resolved = plan.target().address().getAddress();
        if (resolved == null) {
            node.putNull("resolved_address");
        } else {
            node.put("resolved_address", resolved.getHostAddress());
        }
        node.put("connections", whole.planConnections());
        node.put("paced", plan.paced());
        putNumber(node, "start_interval_ms", whole.planStartIntervalNanos() / 1e6);
        if (plan.paced()) {
            putNumber(node, "rate_per_second", 1e9 / whole.planStartIntervalNanos());
        } else {
            node.putNull("rate_per_second");
        }
        node.put("dial_timeout_ms", plan.dialTimeoutMillis());
        putNumber(node, "hold_seconds", plan.holdNanos() / 1e9);
        node.put("reconnect", plan.reconnect());
        if (plan.maxDurationNanos() > 0) {
            putNumber(node, "max_duration_seconds", plan.maxDurationNanos() / 1e9);
        } else {
            node.putNull("max_duration_seconds");
        }
        node.put("close_mode", plan.closeMode().name().toLowerCase(Locale.ROOT));
        addresses(node.putArray("sources"), whole.planSources());
        node.put("threads", plan.threads());
        if (plan.startAt() == null) {
            node.putNull("start_at");
        } else {
            node.put("start_at", plan.startAt().toString());
        }
        return node;
    }

    /** This process's share of the plan: which shard of how many, its connections and source addresses. */
    private static ObjectNode shard(LoadPlan plan) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("index", plan.shard().index());
        node.put("count", plan.shard().count());
        node.put("connections", plan.connections());
        addresses(node.putArray("sources"), plan.sources());
        return node;
    }

    private static void addresses(ArrayNode array, List<InetAddress> addresses) {
        addresses.forEach(address -> array.add(address.getHostAddress()));
    }

    /** Failed attempts per reason, every reason present. */
    static ObjectNode errorsByReason(TrackerTotals totals) {
        ObjectNode byReason = MAPPER.createObjectNode();
        for (Map.Entry<ErrorReason, Long> e : totals.errorsByReason().entrySet()) {
            byReason.put(e.getKey().key(), e.getValue());
        }
        return byReason;
    }

    static ObjectNode counts(StatusCounts counts) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("total", counts.total());
        node.put("dialing", counts.dialing());
        node.put("established", counts.established());
        node.put("closed", counts.closed());
        node.put("error", counts.error());
        node.put("not_initiated", counts.notInitiated());
        return node;
    }

    /** A latency digest in milliseconds, from a histogram of microseconds. */
    static ObjectNode latency(AbstractHistogram micros) {
        LatencySummary s = LatencySummary.of(micros);
        ObjectNode node = MAPPER.createObjectNode();
        node.put("count", s.count());
        putNumber(node, "min", s.minMicros() / 1000.0);
        putNumber(node, "avg", s.avgMicros() / 1000.0);
        putNumber(node, "max", s.maxMicros() / 1000.0);
        putNumber(node, "stddev", s.stddevMicros() / 1000.0);
        putNumber(node, "p50", s.p50Micros() / 1000.0);
        putNumber(node, "p90", s.p90Micros() / 1000.0);
        putNumber(node, "p99", s.p99Micros() / 1000.0);
        putNumber(node, "p99_9", s.p999Micros() / 1000.0);
        return node;
    }

    /** JSON has no NaN or infinity: such a value is written as null. */
    static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
