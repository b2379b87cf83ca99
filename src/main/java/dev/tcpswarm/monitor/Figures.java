package dev.tcpswarm.monitor;

import dev.tcpswarm.plan.DurationText;
import java.util.Locale;

/** How the monitor writes numbers in its messages: {@code 212 ms}, {@code 1.2 ms}, {@code 97.0%}, {@code 5m}. Pure. */
public final class Figures {
    private Figures() {
    }

    /** A latency: whole milliseconds from 10 ms, one decimal below, two below 1 ms. */
    public static String millis(long nanos) {
        double ms = nanos / 1e6;
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%d ms", Math.round(ms));
        }
        return String.format(Locale.ROOT, ms >= 1 ? "%.1f ms" : "%.2f ms", ms);
    }

    /** A measured ratio as a percentage with one decimal: {@code 97.0%}. */
    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    /** A configured ratio as written: {@code 99%}, {@code 99.5%}. */
    public static String limitPercent(double ratio) {
        String s = String.format(Locale.ROOT, "%.3f", ratio * 100).replaceAll("0+$", "");
        return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "%";
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}; whole minutes and hours as such. */
    public static String duration(long nanos) {
        long minute = 60_000_000_000L;
        if (nanos >= minute && nanos % minute == 0) {
            long minutes = nanos / minute;
            return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
        }
        return DurationText.format(nanos);
    }

    /** A percentile's name: {@code p95}, {@code p99.9}. */
    public static String percentileName(double p) {
        return "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p));
    }

    /**
     * What a window's figures are over: {@code over 5m} when probing covered the window; else what
     * it held, {@code over 1 probe} or {@code over 4 probes in 6s} (a fresh start, the window still
     * filling).
     */
    public static String over(long windowNanos, int probes, long spanNanos, boolean covered) {
        if (covered || probes == 0) {
            return "over " + duration(windowNanos);
        }
        return probes == 1 ? "over 1 probe" : "over " + probes + " probes in " + duration(spanNanos);
    }
}
