package dev.tcpswarm.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One shard's result, from its two files: the counts, rates and flags from its JSON result
 * ({@code --json}), the histograms and the timeline from its HDR interval log ({@code --hdr-log}),
 * which must be of the same shard of the same run. A value; made on the command's thread.
 *
 * @param result the shard's run, its histograms summed from the interval log
 * @param settings the whole plan's settings as the shard recorded them
 * @param intervalMillis the length of its progress intervals (0: one interval, the whole run)
 */
record ShardResult(Path json, Path hdrLog, int index, int count, ObjectNode settings, RunResult result,
        long intervalMillis, List<IntervalSample> intervals) {
    private static final JsonMapper MAPPER = new JsonMapper();

    /** The shard's label, {@code index/count}. */
    String label() {
        return index + "/" + count;
    }

    /** Reads a shard's JSON result, already known to be one ({@link #isResult}), and its interval log. */
    static ShardResult read(Path json, ObjectNode doc, IntervalLog log) throws MergeRefused {
        try {
            int index = (int) integer(doc, "/shard/index");
            int count = (int) integer(doc, "/shard/count");
            ObjectNode settings = (ObjectNode) required(doc, "/settings");
            if (!log.run().path("settings").equals(settings) || !log.run().path("shard").equals(doc.get("shard"))) {
                throw new MergeRefused("'" + log.file() + "' and '" + json + "' are not of the same run: their "
                        + "settings or shard differ");
            }
            Instant start = Instant.parse(required(doc, "/start").asText());
            Instant end = Instant.parse(required(doc, "/end").asText());
            TrackerTotals totals = totals(doc, log.intervals());
            long connectCount = integer(doc, "/connect_latency_ms/count");
            if (totals.connectLatency().getTotalCount() != connectCount
                    || totals.timeToError().getTotalCount() != integer(doc, "/time_to_error_ms/count")) {
                throw new MergeRefused("'" + log.file() + "' holds " + totals.connectLatency().getTotalCount()
                        + " connect latencies and " + totals.timeToError().getTotalCount() + " times to error, but '"
                        + json + "' counts " + connectCount + " and " + integer(doc, "/time_to_error_ms/count")
                        + ": the log is incomplete, or of another run");
            }
            if (!log.intervals().isEmpty() && !log.intervals().get(log.intervals().size() - 1).counts()
                    .equals(totals.counts())) {
                throw new MergeRefused("the last interval of '" + log.file() + "' does not end with the counts of '"
                        + json + "': the log is incomplete, or of another run");
            }
            JsonNode rss = doc.path("peak_rss_bytes");
            RunResult result = new RunResult(start, end, Math.round(number(doc, "/wall_seconds") * 1e9), totals,
                    bool(doc, "/interrupted"), bool(doc, "/deadline_reached"), rss.isNumber() ? rss.asLong() : -1);
            long intervalMillis = Math.round(log.run().path("interval_seconds").asDouble(0) * 1000);
            return new ShardResult(json, log.file(), index, count, settings, result, intervalMillis, log.intervals());
        } catch (DateTimeParseException | ClassCastException e) {
            throw new MergeRefused("cannot read '" + json + "' as a tcpswarm result: " + e.getMessage());
        }
    }

    /** True when {@code doc} is a JSON result of {@code run} (or of a shard of one). */
    static boolean isResult(JsonNode doc) {
        return JsonResultWriter.SCHEMA.equals(doc.path("schema").asText());
    }

    static JsonNode parse(Path file, byte[] bytes) throws MergeRefused {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new MergeRefused("cannot read '" + file + "' as JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /** The counts from the JSON result, the histograms from the interval log (summed over its intervals). */
    private static TrackerTotals totals(ObjectNode doc, List<IntervalSample> intervals) throws MergeRefused {
        JsonNode c = required(doc, "/counts");
        StatusCounts counts = new StatusCounts(integer(c, "/total"), integer(c, "/dialing"), integer(c, "/established"),
                integer(c, "/closed"), integer(c, "/error"), integer(c, "/not_initiated"));
        long[] byReason = new long[ErrorReason.values().length];
        for (ErrorReason r : ErrorReason.values()) {
            byReason[r.ordinal()] = integer(doc, "/errors_by_reason/" + r.key());
        }
        DialPhase dial = new DialPhase(integer(doc, "/dial_attempts"), nanos(doc, "/attempt_span_seconds"),
                integer(doc, "/dial_established"), nanos(doc, "/connect_span_seconds"),
                nanos(doc, "/dial_span_seconds"), nanos(doc, "/dial_start_seconds"));
        Histogram connect = ConnectionTracker.newHistogram();
        Histogram planned = ConnectionTracker.newHistogram();
        Histogram toError = ConnectionTracker.newHistogram();
        Histogram toClose = ConnectionTracker.newHistogram();
        Histogram lag = ConnectionTracker.newHistogram();
        for (IntervalSample s : intervals) {
            ShardMerge.addTo(connect, s.connectLatency());
            ShardMerge.addTo(planned, s.plannedLatency());
            ShardMerge.addTo(toError, s.timeToError());
            ShardMerge.addTo(toClose, s.timeToClose());
            ShardMerge.addTo(lag, s.scheduleLag());
        }
        return new TrackerTotals(counts, integer(doc, "/established_total"), integer(doc, "/max_concurrent"),
                integer(doc, "/closed_by_reset"), integer(doc, "/reopened"), integer(doc, "/reopen_failed"),
                integer(doc, "/late_starts"), integer(doc, "/attempts"), byReason, dial, connect, planned, toError,
                toClose, lag);
    }

    private static JsonNode required(JsonNode doc, String pointer) throws MergeRefused {
        JsonNode node = doc.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            throw new MergeRefused("a tcpswarm result without " + pointer.substring(1).replace('/', '.')
                    + " (written by an older tcpswarm?)");
        }
        return node;
    }

    private static long integer(JsonNode doc, String pointer) throws MergeRefused {
        JsonNode n = required(doc, pointer);
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new MergeRefused("a tcpswarm result whose " + pointer.substring(1).replace('/', '.')
                    + " is not a whole number: " + n);
        }
        return n.asLong();
    }

    private static double number(JsonNode doc, String pointer) throws MergeRefused {
        JsonNode n = required(doc, pointer);
        if (!n.isNumber()) {
            throw new MergeRefused("a tcpswarm result whose " + pointer.substring(1).replace('/', '.')
                    + " is not a number: " + n);
        }
        return n.asDouble();
    }

    private static long nanos(JsonNode doc, String pointer) throws MergeRefused {
        return Math.round(number(doc, pointer) * 1e9);
    }

    private static boolean bool(JsonNode doc, String pointer) throws MergeRefused {
        return required(doc, pointer).asBoolean();
    }
}
