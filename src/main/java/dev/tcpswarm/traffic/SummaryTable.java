package dev.tcpswarm.traffic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of the summaries: an interval's table (a row per source, a row {@code all} when there are
 * several; under each source its top sections, top remote hosts, 5xx codes and first malformed
 * line), an idle span's one line, and the run's total. Every line fits in 80 columns. Formats
 * only: the counts come from {@link IntervalStats}. Pure; any thread.
 */
public final class SummaryTable {
    /** The widest line printed. */
    public static final int WIDTH = 80;
    static final int TOP = 5;
    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String ROW = "%-16s %7s %7s %6s %6s %6s %6s %7s %5s %5s";

    private SummaryTable() {
    }

    /** {@code 2019-02-07 21:11:00 to 21:11:10 UTC}; the second date only when it differs. */
    public static String span(long start, long end) {
        String from = DAY_TIME.format(Instant.ofEpochSecond(start));
        String to = DAY_TIME.format(Instant.ofEpochSecond(end));
        boolean sameDay = from.substring(0, 10).equals(to.substring(0, 10));
        return from + " to " + (sameDay ? TIME.format(Instant.ofEpochSecond(end)) : to) + " UTC";
    }

    /** The lines of one interval's table; {@code rows} in source order. */
    public static List<String> interval(long start, long end, List<IntervalStats> rows, boolean withAll) {
        List<String> out = new ArrayList<>();
        out.add(span(start, end) + "  (" + (end - start) + " s)");
        out.add(header());
        IntervalStats all = new IntervalStats("all", start, end, false);
        for (IntervalStats r : rows) {
            out.add(row(r.source(), r));
            all.addAll(r);
        }
        if (withAll) {
            out.add(row("all", all));
        }
        boolean named = rows.size() > 1;
        for (IntervalStats r : rows) {
            String prefix = named ? "  " + r.source() + " " : "  ";
            addList(out, prefix + "sections: ", r.topSections(TOP));
            addList(out, prefix + "hosts:    ", r.topHosts(TOP));
            if (!r.serverErrors().isEmpty()) {
                StringBuilder b = new StringBuilder(prefix + "5xx:      ");
                r.serverErrors().forEach((code, n) -> b.append(code).append(" x").append(n).append(", "));
                out.add(fit(b.substring(0, b.length() - 2)));
            }
            if (r.firstMalformed != null) {
                out.add(fit("  malformed: " + r.firstMalformed
                        + (r.malformed > 1 ? " (+" + (r.malformed - 1) + " more)" : "")));
            }
        }
        return out;
    }

    /**
     * A monitored log's interval as one line of the monitor's stdout:
     * {@code web 21:11:00 to 21:11:10 UTC: 240 hits 24.00/s, 2xx 230 3xx 0 4xx 6 5xx 4 (500 x4), bytes 61.7K,
     * sections /api 180 /report 60}, and the malformed lines when there were any. Names from the log are made
     * printable.
     */
    public static String monitorLine(dev.tcpswarm.monitor.TrafficInterval t) {
        StringBuilder b = new StringBuilder(printable(t.source())).append(' ')
                .append(span(t.startSecond(), t.endSecond()).substring(11)).append(": ").append(t.hits()).append(" hits ")
                .append(String.format(Locale.ROOT, "%.2f/s", t.requestsPerSecond()));
        b.append(", 2xx ").append(t.statusClass(2)).append(" 3xx ").append(t.statusClass(3)).append(" 4xx ")
                .append(t.statusClass(4)).append(" 5xx ").append(t.statusClass(5));
        if (!t.serverErrors().isEmpty()) {
            StringBuilder codes = new StringBuilder();
            new java.util.TreeMap<>(t.serverErrors()).forEach((code, n) -> codes.append(codes.length() == 0 ? "" : ", ")
                    .append(code).append(" x").append(n));
            b.append(" (").append(codes).append(')');
        }
        b.append(", bytes ").append(bytes(t.bytes()));
        if (!t.topSections().isEmpty()) {
            b.append(", sections");
        }
        for (Map.Entry<String, Long> e : t.topSections()) {
            b.append(' ').append(printable(e.getKey())).append(' ').append(e.getValue());
        }
        if (t.malformed() > 0 || t.late() > 0) {
            b.append("; ").append(t.malformed()).append(" malformed, ").append(t.late()).append(" late");
            if (t.firstMalformed() != null) {
                b.append(" (first: ").append(printable(t.firstMalformed())).append(')');
            }
        }
        return b.toString();
    }

    /** An idle span: one line. */
    public static String idle(long start, long end) {
        return span(start, end) + ": no requests";
    }

    /** The run's total: a row per source (and all), their spans of event time. */
    public static List<String> total(List<IntervalStats> totals, List<long[]> spans, long alerts, long firing) {
        List<String> out = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long[] s : spans) {
            if (s[0] <= s[1]) {
                first = Math.min(first, s[0]);
                last = Math.max(last, s[1]);
            }
        }
        out.add(first <= last ? "total, " + span(first, last) + "  (" + (last - first) + " s of event time)"
                : "total: no requests read");
        out.add(header());
        IntervalStats all = new IntervalStats("all", 0, 0, false);
        for (int i = 0; i < totals.size(); i++) {
            IntervalStats t = totals.get(i);
            long seconds = Math.max(1, spans.get(i)[1] - spans.get(i)[0]);
            out.add(row(t.source(), t, t.hits() / (double) seconds));
            all.addAll(t);
        }
        if (totals.size() > 1) {
            out.add(row("all", all, all.hits() / (double) Math.max(1, last - first)));
        }
        for (IntervalStats t : totals) {
            if (!t.serverErrors().isEmpty()) {
                StringBuilder b = new StringBuilder("  " + (totals.size() > 1 ? t.source() + " " : "") + "5xx: ");
                t.serverErrors().forEach((code, n) -> b.append(code).append(" x").append(n).append(", "));
                out.add(fit(b.substring(0, b.length() - 2)));
            }
        }
        out.add("alerts: " + alerts + " raised, " + firing + " firing at the end");
        return out;
    }

    static String header() {
        return String.format(Locale.ROOT, ROW, "source", "hits", "req/s", "2xx", "3xx", "4xx", "5xx", "bytes",
                "bad", "late");
    }

    private static String row(String name, IntervalStats s) {
        return row(name, s, s.rate());
    }

    private static String row(String name, IntervalStats s, double rate) {
        return String.format(Locale.ROOT, ROW, clipName(name), s.hits(), String.format(Locale.ROOT, "%.2f", rate),
                s.statusClass(2), s.statusClass(3), s.statusClass(4), s.statusClass(5), bytes(s.bytes()),
                s.malformed(), s.late());
    }

    private static void addList(List<String> out, String prefix, List<Map.Entry<String, Long>> top) {
        if (top.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(prefix);
        for (Map.Entry<String, Long> e : top) {
            String item = printable(e.getKey()) + " " + e.getValue();
            if (b.length() + item.length() + 2 > WIDTH && b.length() > prefix.length()) {
                break;
            }
            b.append(item).append(", ");
        }
        out.add(fit(b.substring(0, b.length() - 2)));
    }

    /** Control characters from a log never reach the terminal. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
        }
        return b.toString();
    }

    static String fit(String line) {
        String p = printable(line);
        return p.length() <= WIDTH ? p : p.substring(0, WIDTH - 3) + "...";
    }

    private static String clipName(String name) {
        String p = printable(name);
        return p.length() <= 16 ? p : "..." + p.substring(p.length() - 13);
    }

    /** {@code 812}, {@code 61.7K}, {@code 3.2M}, {@code 1.1G} (powers of 1024). */
    static String bytes(long b) {
        if (b < 1024) {
            return String.valueOf(b);
        }
        String units = "KMGTPE";
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f%c" : "%.1f%c", v, units.charAt(u));
    }
}
