package dev.tcpswarm.plan;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: a number with an optional unit ({@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d}); a bare number takes the caller's unit. One parser for the command
 * line (cli's converters) and for config files (the monitor's YAML). Pure; any thread.
 */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h|d)?");

    private DurationText() {
    }

    /**
     * Parses {@code text} to nanoseconds; a bare number is in {@code bareUnit}.
     *
     * @throws IllegalArgumentException with a message fit for one line on stderr
     */
    public static long parseNanos(String text, TimeUnit bareUnit) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a number with an optional unit "
                    + "(us, ms, s, m, h, d), e.g. 500ms or 5s");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double nanosPerUnit = unit == null ? bareUnit.toNanos(1) : switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> 86400e9;
        };
        double nanos = value * nanosPerUnit;
        if (nanos > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Math.round(nanos);
    }

    /** Human form for banners and reports: {@code 500ms}, {@code 2.5s}, {@code 5m}. */
    public static String format(long nanos) {
        if (nanos < 1_000_000) {
            return trim(nanos / 1e3) + "us";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1e6) + "ms";
        }
        if (nanos < 120_000_000_000L) {
            return trim(nanos / 1e9) + "s";
        }
        return trim(nanos / 60e9) + "m";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
