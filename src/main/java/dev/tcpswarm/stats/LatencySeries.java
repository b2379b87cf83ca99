package dev.tcpswarm.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The latency series a run records, each one histogram of microseconds per progress interval and
 * for the whole run: the one list the interval files ({@code --csv}, {@code --hdr-log}) and
 * {@code merge} walk, so that a series added here (a phase's latency) reaches all of them. The
 * {@linkplain #always() always} recorded ones are in every run; the others only in a run that does
 * their phase ({@link #TLS_HANDSHAKE}: {@code --tls}; {@link #RESPONSE}: {@code --expect}). A
 * constant; any thread.
 */
public enum LatencySeries {
    /** From the connect call to the TCP connect's completion. */
    CONNECT(null, "/connect_latency_ms", null, null, true),
    /** From the planned start to the TCP connect's completion. */
    PLANNED("planned", "/connect_latency_from_intended_ms", null, null, true),
    /** From the connect call to a failure. */
    TIME_TO_ERROR("error", "/time_to_error_ms", null, null, true),
    /** How long a connection lived until the server closed it. */
    TIME_TO_CLOSE("close", "/time_to_close_ms", null, null, true),
    /** How late paced starts were. */
    SCHEDULE_LAG("lag", "/schedule_lag_ms", null, null, true),
    /** The TLS handshake, from just after the TCP connect to its end, of the completed ones. */
    TLS_HANDSHAKE("tls", "/tls/handshake_latency_ms", "tls", "handshakes_in_interval", false),
    /** From a message's planned send to the match of its answer ({@code --expect}), of the answered ones. */
    RESPONSE("response", "/messages/response_latency_ms", "response", "responses_in_interval", false);

    private final String hdrTag;
    private final String jsonPointer;
    private final String csvName;
    private final String csvCountColumn;
    private final boolean always;

    LatencySeries(String hdrTag, String jsonPointer, String csvName, String csvCountColumn, boolean always) {
        this.hdrTag = hdrTag;
        this.jsonPointer = jsonPointer;
        this.csvName = csvName;
        this.csvCountColumn = csvCountColumn;
        this.always = always;
    }

    /** Its tag in the HDR interval log; null for the connect latency, the untagged histogram stock tools read. */
    public String hdrTag() {
        return hdrTag;
    }

    /** Where the JSON result has its digest (with {@code count}), as a JSON pointer. */
    public String jsonPointer() {
        return jsonPointer;
    }

    /**
     * Its own columns in the CSV interval file, after the fixed ones (which hold the connect
     * latencies' percentiles): its count in the interval, then its p50 and p99 in milliseconds;
     * none for the other series of every run.
     */
    public List<String> csvColumns() {
        return csvName == null ? List.of() : List.of(csvCountColumn, csvName + "_p50_ms", csvName + "_p99_ms");
    }

    /** Whether every run records it (else only a run that does its phase). */
    public boolean always() {
        return always;
    }

    /** The series of the HDR log tag {@code tag} (null: the untagged one), or null when there is none. */
    public static LatencySeries ofHdrTag(String tag) {
        for (LatencySeries s : values()) {
            if (tag == null ? s.hdrTag == null : tag.equals(s.hdrTag)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The series a run records: the ones every run does, TLS's when it does TLS, the response's when
     * it matches answers. In order.
     */
    public static List<LatencySeries> ofRun(boolean tls, boolean expecting) {
        List<LatencySeries> series = new ArrayList<>();
        for (LatencySeries s : values()) {
            if (s.always || (tls && s == TLS_HANDSHAKE) || (expecting && s == RESPONSE)) {
                series.add(s);
            }
        }
        return List.copyOf(series);
    }
}
