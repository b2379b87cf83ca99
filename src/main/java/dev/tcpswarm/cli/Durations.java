package dev.tcpswarm.cli;

import dev.tcpswarm.plan.DurationText;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: a number with an optional unit ({@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d}; parsed by {@link DurationText}); a bare number takes the option's
 * own unit (milliseconds for {@code --dial-timeout} and {@code --sleep}, as in tcpgoon; seconds for
 * the hold and deadline).
 */
public final class Durations {
    private Durations() {
    }

    /** Parses {@code text} to nanoseconds; a bare number is in {@code bareUnit}. */
    public static long parseNanos(String text, TimeUnit bareUnit) {
        try {
            return DurationText.parseNanos(text, bareUnit);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** Human form for banners and reports: {@code 500ms}, {@code 2.5s}, {@code 5m}. */
    public static String format(long nanos) {
        return DurationText.format(nanos);
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
