package dev.tcpswarm.cli;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: a number with an optional unit ({@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h}); a bare number takes the option's own unit (milliseconds for
 * {@code --dial-timeout} and {@code --sleep}, as in tcpgoon; seconds for the hold and deadline).
 */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)?");

    private Durations() {
    }

    /** Parses {@code text} to nanoseconds; a bare number is in {@code bareUnit}. */
    public static long parseNanos(String text, TimeUnit bareUnit) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a duration: use a number with an optional unit "
                    + "(us, ms, s, m, h), e.g. 500ms or 5s");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double nanosPerUnit = unit == null ? bareUnit.toNanos(1) : switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        double nanos = value * nanosPerUnit;
        if (nanos > Long.MAX_VALUE / 2) {
            throw new TypeConversionException("'" + text + "' is too long a duration");
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

    /** A bare number means milliseconds. */
    public static final class Millis implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseNanos(value, TimeUnit.MILLISECONDS);
        }
    }

    /** A bare number means seconds. */
    public static final class Seconds implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseNanos(value, TimeUnit.SECONDS);
        }
    }
}
