package dev.tcpswarm.monitor;

import dev.tcpswarm.report.LatencyBuckets;
import java.util.List;
import java.util.Locale;

/**
 * The daily table, in the format users of the old Python monitor know, one row per service:
 * <pre>
 * Timestamp           | Service              | 0-100ms  | 100-500ms | 500-1000ms | 1000-2000ms | >2000ms  | Failed | Total
 * 2025-10-08 14:30:00 | promotion-api        |      125 |        15 |          2 |           0 |        0 |      1 |   143
 * </pre>
 * A name longer than its column (20 characters) is cut to 19 with a {@code ~} at the end, so the
 * columns stay aligned; a larger count widens its cell. Pure.
 */
public final class DailyTable {
    /** The header line. */
    public static final String HEADER = "Timestamp           | Service              | 0-100ms  | 100-500ms | 500-1000ms "
            + "| 1000-2000ms | >2000ms  | Failed | Total";

    private DailyTable() {
    }

    /** The width of the service column. */
    public static final int NAME_WIDTH = 20;

    /** {@code name} as the service column shows it: at most {@value #NAME_WIDTH} characters, a cut one ending in {@code ~}. */
    public static String name(String name) {
        return name.length() <= NAME_WIDTH ? name : name.substring(0, NAME_WIDTH - 1) + "~";
    }

    /** One row: {@code timestamp} as {@code yyyy-MM-dd HH:mm:ss}. */
    public static String row(String timestamp, String service, LatencyBuckets b) {
        return String.format(Locale.ROOT, "%-19s | %-20s | %8d | %9d | %10d | %11d | %8d | %6d | %5d", timestamp, name(service),
                b.under100ms(), b.from100To500ms(), b.from500To1000ms(), b.from1000To2000ms(), b.over2000ms(), b.failed(),
                b.total());
    }

    /** The header and one row per service, each line ending with a newline. */
    public static String table(String timestamp, List<PeriodStats.Row> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (PeriodStats.Row r : rows) {
            sb.append(row(timestamp, r.service(), r.buckets())).append('\n');
        }
        return sb.toString();
    }
}
