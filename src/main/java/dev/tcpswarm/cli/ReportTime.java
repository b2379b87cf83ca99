package dev.tcpswarm.cli;

import dev.tcpswarm.plan.DurationText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/**
 * A time as {@code monitor report --from/--to} take it: {@code now}; a duration meaning that long ago
 * ({@code 24h}, {@code 7d}); a local date ({@code 2025-10-08}, its midnight) or local date and time
 * ({@code 2025-10-08 14:30}, {@code 2025-10-08T14:30:00}); or an instant with its offset
 * ({@code 2025-10-08T12:30:00Z}, {@code ...+02:00}). Pure.
 */
final class ReportTime {
    private ReportTime() {
    }

    /**
     * @return epoch milliseconds
     * @throws UsageException naming the option and the forms it takes
     */
    static long parse(String option, String text, long nowMillis, ZoneId zone) {
        String t = text.trim();
        if (t.equalsIgnoreCase("now")) {
            return nowMillis;
        }
        try {
            return nowMillis - TimeUnit.NANOSECONDS.toMillis(DurationText.parseNanos(t, TimeUnit.SECONDS));
        } catch (IllegalArgumentException notADuration) {
            // a date or time, then
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            String iso = t.replace(' ', 'T');
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new UsageException(option + ": '" + text + "' is not a time: give now, a duration ago (24h, 7d), a "
                    + "local date (2025-10-08), a local time (2025-10-08 14:30) or an instant (2025-10-08T12:30:00Z)");
        }
    }

    /** For messages: an instant in ISO-8601. */
    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
