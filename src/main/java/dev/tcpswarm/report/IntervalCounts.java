package dev.tcpswarm.report;

import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.IntervalTraffic;
import dev.tcpswarm.stats.StatusCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counts of one progress interval as the comment line that opens it in the HDR interval log
 * ({@link HdrLogWriter}): {@code #tcpswarm-interval:end=1.000;total=...;dialing=...;established=...;
 * closed=...;error=...;not_initiated=...;started=...;established_in_interval=...;late_starts=...},
 * and in a run that sends, its traffic after them, in every interval ({@code ;messages=...;
 * responses=...;response_timeouts=...;bytes_sent=...;bytes_received=...}; read back as null where
 * they are missing: a run that sends nothing, or a log of an older version). One word, with
 * neither space nor comma: HdrHistogram's log scanner hands a comment's first word to its reader
 * in the order of the lines, so {@code tcpswarm merge} reads it back ({@link #parse}) before the
 * histograms of its interval; HdrHistogram's tools skip it. A value; any thread.
 *
 * @param endSeconds the interval's end, seconds after the log's base time (as its histograms' timestamps)
 * @param traffic the interval's traffic, null where it is not counted
 */
public record IntervalCounts(double endSeconds, StatusCounts counts, long startedInInterval,
        long establishedInInterval, long lateStartsInInterval, IntervalTraffic traffic) {
    /** The comment's first word after '#'. */
    public static final String PREFIX = "tcpswarm-interval:";
    private static final List<String> KEYS = List.of("end", "total", "dialing", "established", "closed", "error",
            "not_initiated", "started", "established_in_interval", "late_starts");
    private static final List<String> TRAFFIC_KEYS = List.of("messages", "responses", "response_timeouts",
            "bytes_sent", "bytes_received");

    static IntervalCounts of(IntervalSample s) {
        return new IntervalCounts(0, s.counts(), s.startedInInterval(), s.establishedInInterval(),
                s.lateStartsInInterval(), s.traffic());
    }

    /** The comment, without its '#', for an interval ending {@code endSeconds} after the base time. */
    String comment(double endSeconds) {
        StatusCounts c = counts;
        return PREFIX + String.format(Locale.ROOT, "end=%.3f", endSeconds) + ";total=" + c.total() + ";dialing="
                + c.dialing() + ";established=" + c.established() + ";closed=" + c.closed() + ";error=" + c.error()
                + ";not_initiated=" + c.notInitiated() + ";started=" + startedInInterval + ";established_in_interval="
                + establishedInInterval + ";late_starts=" + lateStartsInInterval + trafficWords();
    }

    /** The traffic's part of the comment: empty where it is not counted. */
    private String trafficWords() {
        IntervalTraffic t = traffic;
        if (t == null) {
            return "";
        }
        return ";messages=" + t.messagesSent() + ";responses=" + t.responses() + ";response_timeouts="
                + t.responseTimeouts() + ";bytes_sent=" + t.bytesSent() + ";bytes_received=" + t.bytesReceived();
    }

    /**
     * The counts in a comment (with or without its leading '#'), or null when it is not an interval's.
     *
     * @throws IllegalArgumentException when it is one, but malformed (a key missing, a bad number)
     */
    public static IntervalCounts parse(String comment) {
        String text = comment.startsWith("#") ? comment.substring(1) : comment;
        if (!text.startsWith(PREFIX)) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.substring(PREFIX.length()).trim().split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("an interval's counts without '" + key + "'");
            }
        }
        try {
            StatusCounts counts = new StatusCounts(number(values, "total"), number(values, "dialing"),
                    number(values, "established"), number(values, "closed"), number(values, "error"),
                    number(values, "not_initiated"));
            IntervalTraffic traffic = null;
            if (values.containsKey(TRAFFIC_KEYS.get(0))) {
                for (String key : TRAFFIC_KEYS) {
                    if (!values.containsKey(key)) {
                        throw new IllegalArgumentException("an interval's traffic without '" + key + "'");
                    }
                }
                traffic = new IntervalTraffic(number(values, "messages"), number(values, "responses"),
                        number(values, "response_timeouts"), number(values, "bytes_sent"),
                        number(values, "bytes_received"));
            }
            return new IntervalCounts(Double.parseDouble(values.get("end")), counts, number(values, "started"),
                    number(values, "established_in_interval"), number(values, "late_starts"), traffic);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an interval's counts with a bad number: " + e.getMessage());
        }
    }

    private static long number(Map<String, String> values, String key) {
        return Long.parseLong(values.get(key));
    }
}
