package dev.tcpswarm.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.established.EstablishedSnapshot;
import dev.tcpswarm.established.PortCount;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code tcpswarm established --once} prints: a table (port, family, established,
 * long-lived, oldest age) for people, or the same as one JSON document ({@link #SCHEMA}, described
 * in {@code docs/established.md}) for scripts. Formats only; the counts come from the snapshot.
 * Called by the command's thread.
 */
public final class EstablishedReport {
    /** The value of the top-level {@code schema} field. */
    public static final String SCHEMA = "tcpswarm.established/v1";

    private static final String ROW = "%-6s %-7s %12s %11s  %s";
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private EstablishedReport() {
    }

    /** The table, then one line saying how long tracking ran and what the ages mean. */
    public static void printTable(PrintStream out, EstablishedSnapshot snapshot, String namespace) {
        if (snapshot.rows().isEmpty()) {
            out.println("no inbound established connections in " + namespace);
        } else {
            out.println(String.format(Locale.ROOT, ROW, "PORT", "FAMILY", "ESTABLISHED", "LONG-LIVED", "OLDEST AGE"));
            for (PortCount row : snapshot.rows()) {
                out.println(String.format(Locale.ROOT, ROW, row.port(), row.family().label(), row.established(),
                        row.longLived(), age(row.oldestAgeNanos())));
            }
            out.println(String.format(Locale.ROOT, ROW, "total", "", snapshot.totalEstablished(),
                    snapshot.totalLongLived(), ""));
        }
        String tracked = "tracked for " + age(snapshot.trackingNanos()) + " in " + namespace + "; long-lived: at least "
                + age(snapshot.minAgeNanos()) + " old";
        out.println(snapshot.longLivedComplete()
                ? tracked + " (ages count from when a connection was first seen)"
                : tracked + "; INCOMPLETE: tracking stopped before --min-age, so connections that were already "
                        + "open are not counted as long-lived yet");
        out.flush();
    }

    /** The JSON document as a Jackson tree. */
    public static ObjectNode toTree(EstablishedSnapshot snapshot, String namespace, String toolVersion) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.putObject("tool").put("name", "tcpswarm").put("version", toolVersion);
        root.put("namespace", namespace);
        root.put("min_age_seconds", snapshot.minAgeNanos() / 1e9);
        root.put("tracked_seconds", snapshot.trackingNanos() / 1e9);
        root.put("long_lived_complete", snapshot.longLivedComplete());
        root.put("scan_duration_seconds", snapshot.scanDurationNanos() / 1e9);
        ArrayNode ports = root.putArray("ports");
        for (PortCount row : snapshot.rows()) {
            ports.addObject().put("port", row.port()).put("family", row.family().label())
                    .put("established", row.established()).put("long_lived", row.longLived())
                    .put("oldest_age_seconds", row.oldestAgeNanos() / 1e9);
        }
        root.putObject("totals").put("established", snapshot.totalEstablished())
                .put("long_lived", snapshot.totalLongLived());
        return root;
    }

    /** The JSON document, then a newline. */
    public static void writeJson(OutputStream out, EstablishedSnapshot snapshot, String namespace, String toolVersion)
            throws IOException {
        MAPPER.writeValue(out, toTree(snapshot, namespace, toolVersion));
        out.write('\n');
        out.flush();
    }

    /** {@code 0.4s}, {@code 59.9s}, {@code 12m05s}, {@code 3h07m}. */
    static String age(long nanos) {
        double seconds = nanos / 1e9;
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = (long) seconds;
        if (whole < 7200) {
            return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole % 3600 / 60);
    }
}
