package dev.tcpswarm.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LatencySeries;
import dev.tcpswarm.stats.MessageTotals;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TlsSession;
import dev.tcpswarm.stats.TlsTotals;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
            List<LatencySeries> series = LatencySeries.ofRun(usedTls(doc), expecting(doc));
            Map<LatencySeries, Histogram> sums = new EnumMap<>(LatencySeries.class);
            for (LatencySeries s : LatencySeries.values()) {
                sums.put(s, ConnectionTracker.newHistogram());
            }
            StatusCounts[] last = new StatusCounts[1];
            Timeline.Shard place = timeline.shard();
            files.log().replay(sample -> {
                for (LatencySeries s : LatencySeries.values()) {
                    Histogram values = sample.latency(s);
                    if (values.getTotalCount() > 0) {
                        sums.get(s).add(values);
                    }
                }
                place.add(sample);
                last[0] = sample.counts();
            });
            for (LatencySeries s : LatencySeries.values()) {
                long counted = series.contains(s) ? integer(doc, s.jsonPointer() + "/count") : 0;
                if (sums.get(s).getTotalCount() != counted) {
                    throw new MergeRefused("cannot read '" + log + "' as the interval log of '" + json + "': it holds "
                            + sums.get(s).getTotalCount() + " values of " + s.jsonPointer().substring(1).replace('/', '.')
                            + " where the result counts " + counted + " (the log is incomplete, or of another run)");
                }
            }
            TrackerTotals totals = totals(doc, sums);
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

    /** Whether the shard's run did TLS: its result has the {@code tls} block. */
    static boolean usedTls(JsonNode doc) {
        return doc.path("tls").isObject();
    }

    /** Whether the shard's run matched answers: its result has the {@code messages} block, expecting. */
    static boolean expecting(JsonNode doc) {
        return doc.at("/messages/expecting").asBoolean(false);
    }

    /** The counts from the JSON result, the histograms summed from the interval log. */
    private static TrackerTotals totals(ObjectNode doc, Map<LatencySeries, Histogram> sums) throws MergeRefused {
        JsonNode c = required(doc, "/counts");
        StatusCounts counts = new StatusCounts(integer(c, "/total"), integer(c, "/dialing"), integer(c, "/established"),
                integer(c, "/closed"), integer(c, "/error"), integer(c, "/not_initiated"));
        long[] byReason = new long[ErrorReason.values().length];
        for (ErrorReason r : ErrorReason.values()) {
            if ((r.isTls() || r.isConversation()) && doc.at("/errors_by_reason/" + r.key()).isMissingNode()) {
                continue; // a shard without TLS or a conversation lists none of their reasons
            }
            byReason[r.ordinal()] = integer(doc, "/errors_by_reason/" + r.key());
        }
        DialPhase dial = new DialPhase(integer(doc, "/dial_attempts"), nanos(doc, "/attempt_span_seconds"),
                integer(doc, "/dial_established"), nanos(doc, "/connect_span_seconds"),
                nanos(doc, "/dial_span_seconds"), nanos(doc, "/dial_start_seconds"));
        return new TrackerTotals(counts, integer(doc, "/established_total"), integer(doc, "/max_concurrent"),
                integer(doc, "/closed_by_reset"), integer(doc, "/reopened"), integer(doc, "/reopen_failed"),
                integer(doc, "/late_starts"), integer(doc, "/attempts"), byReason, dial, sums.get(LatencySeries.CONNECT),
                sums.get(LatencySeries.PLANNED), sums.get(LatencySeries.TIME_TO_ERROR),
                sums.get(LatencySeries.TIME_TO_CLOSE), sums.get(LatencySeries.SCHEDULE_LAG),
                tls(doc, sums.get(LatencySeries.TLS_HANDSHAKE)), messages(doc, sums.get(LatencySeries.RESPONSE)));
    }

    /**
     * The shard's traffic: the counts and bytes from its result ({@link MessageTotals#NONE} for a run
     * that sent nothing), the response latency summed from its log.
     */
    private static MessageTotals messages(ObjectNode doc, Histogram responses) throws MergeRefused {
        if (!doc.path("messages").isObject()) {
            return MessageTotals.NONE;
        }
        return new MessageTotals(true, expecting(doc), integer(doc, "/messages/sent"),
                integer(doc, "/messages/responses"), integer(doc, "/messages/response_timeouts"),
                integer(doc, "/messages/responses_late"), integer(doc, "/messages/bytes_sent"),
                integer(doc, "/messages/bytes_received"), nanos(doc, "/messages/span_seconds"), responses);
    }

    /**
     * The shard's TLS figures: the counts and the session from its result ({@link TlsTotals#NONE}
     * without TLS), the handshake latency summed from its log.
     */
    private static TlsTotals tls(ObjectNode doc, Histogram handshakes) throws MergeRefused {
        if (!usedTls(doc)) {
            return TlsTotals.NONE;
        }
        JsonNode protocol = doc.at("/tls/protocol");
        TlsSession session = null;
        if (protocol.isTextual()) {
            JsonNode cert = doc.at("/tls/certificate");
            try {
                session = new TlsSession(protocol.asText(), doc.at("/tls/cipher").asText(),
                        cert.isObject() ? cert.path("subject").asText() : "",
                        cert.isObject() ? cert.path("issuer").asText() : "",
                        cert.isObject() ? Instant.parse(cert.path("not_after").asText()) : null,
                        cert.isObject() ? Instant.parse(cert.path("earliest_not_after").asText()) : null,
                        doc.at("/tls/alpn").isTextual() ? doc.at("/tls/alpn").asText() : "",
                        doc.at("/tls/provider").isTextual() ? doc.at("/tls/provider").asText() : "");
            } catch (DateTimeParseException e) {
                throw new MergeRefused("a tcpswarm result whose tls.certificate has a bad date: " + e.getMessage());
            }
        }
        return new TlsTotals(true, integer(doc, "/tls/handshakes_completed"), integer(doc, "/tls/handshakes_failed"),
                handshakes, session);
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
