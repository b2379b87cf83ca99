package dev.tcpswarm.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.HdrHistogram.Histogram;

/**
 * One shard's result, from its two files: the counts, rates and flags from its JSON result
 * ({@code --json}), the histograms from its HDR interval log ({@code --hdr-log}), replayed once:
 * into the shard's own totals, and into the merged timeline. Refuses a log whose intervals do not
 * add up to the result's counts (cut short, or of another run). A value; made on the command's thread.
 *
 * @param result the shard's run, its histograms summed from the interval log
 */
record ShardResult(ShardFiles files, RunResult result) {
    private static final JsonMapper MAPPER = new JsonMapper();

    /** Replays the shard's log into its totals and into {@code timeline}. */
    static ShardResult read(ShardFiles files, Timeline timeline) throws MergeRefused {
        ObjectNode doc = files.doc();
        Path json = files.json();
        Path log = files.log().file();
        try {
            Histogram[] sums = new Histogram[5];
            for (int i = 0; i < sums.length; i++) {
                sums[i] = ConnectionTracker.newHistogram();
            }
            StatusCounts[] last = new StatusCounts[1];
            Timeline.Shard place = timeline.shard();
            files.log().replay(sample -> {
                Histogram[] values = {sample.connectLatency(), sample.plannedLatency(), sample.timeToError(),
                        sample.timeToClose(), sample.scheduleLag()};
                for (int i = 0; i < sums.length; i++) {
                    if (values[i].getTotalCount() > 0) {
                        sums[i].add(values[i]);
                    }
                }
                place.add(sample);
                last[0] = sample.counts();
            });
            TrackerTotals totals = totals(doc, sums);
            String[] kinds = {"connect_latency_ms", "connect_latency_from_intended_ms", "time_to_error_ms",
                    "time_to_close_ms", "schedule_lag_ms"};
            for (int i = 0; i < kinds.length; i++) {
                long counted = integer(doc, "/" + kinds[i] + "/count");
                if (sums[i].getTotalCount() != counted) {
                    throw new MergeRefused("cannot read '" + log + "' as the interval log of '" + json + "': it holds "
                            + sums[i].getTotalCount() + " values of " + kinds[i] + " where the result counts " + counted
                            + " (the log is incomplete, or of another run)");
                }
            }
            if (last[0] == null || !last[0].equals(totals.counts())) {
                throw new MergeRefused("cannot read '" + log + "' as the interval log of '" + json + "': its last "
                        + "interval does not end with the result's counts (the log is incomplete, or of another run)");
            }
            JsonNode rss = doc.path("peak_rss_bytes");
            RunResult result = new RunResult(files.start(), Instant.parse(required(doc, "/end").asText()),
                    Math.round(number(doc, "/wall_seconds") * 1e9), totals, bool(doc, "/interrupted"),
                    bool(doc, "/deadline_reached"), rss.isNumber() ? rss.asLong() : -1);
            return new ShardResult(files, result);
        } catch (DateTimeParseException e) {
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

    /** The counts from the JSON result, the histograms summed from the interval log. */
    private static TrackerTotals totals(ObjectNode doc, Histogram[] sums) throws MergeRefused {
        JsonNode c = required(doc, "/counts");
        StatusCounts counts = new StatusCounts(integer(c, "/total"), integer(c, "/dialing"), integer(c, "/established"),
                integer(c, "/closed"), integer(c, "/error"), integer(c, "/not_initiated"));
        long[] byReason = new long[ErrorReason.values().length];
        for (ErrorReason r : ErrorReason.values()) {
            if (r.isTls() && doc.at("/errors_by_reason/" + r.key()).isMissingNode()) {
                continue; // a shard without TLS lists no TLS reason
            }
            byReason[r.ordinal()] = integer(doc, "/errors_by_reason/" + r.key());
        }
        DialPhase dial = new DialPhase(integer(doc, "/dial_attempts"), nanos(doc, "/attempt_span_seconds"),
                integer(doc, "/dial_established"), nanos(doc, "/connect_span_seconds"),
                nanos(doc, "/dial_span_seconds"), nanos(doc, "/dial_start_seconds"));
        return new TrackerTotals(counts, integer(doc, "/established_total"), integer(doc, "/max_concurrent"),
                integer(doc, "/closed_by_reset"), integer(doc, "/reopened"), integer(doc, "/reopen_failed"),
                integer(doc, "/late_starts"), integer(doc, "/attempts"), byReason, dial, sums[0], sums[1], sums[2],
                sums[3], sums[4]);
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
