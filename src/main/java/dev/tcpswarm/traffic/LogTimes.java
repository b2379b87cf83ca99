package dev.tcpswarm.traffic;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The timestamps access logs write, to Unix seconds: the Common Log Format's
 * {@code 10/Oct/2000:13:55:36 -0700}, ISO-8601 ({@code 2000-10-10T13:55:36-07:00}, nginx's
 * {@code $time_iso8601}) and Unix seconds (HttpMonitor's {@code date}, nginx's {@code $msec}). The
 * CLF form is read field by field: it is on every line of the hot path. Pure; any thread.
 */
public final class LogTimes {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private LogTimes() {
    }

    /** {@code dd/Mon/yyyy:HH:mm:ss +hhmm} from {@code start}; -1 when it is not that. */
    static long parseClf(String s, int start, int end) {
        if (end - start != 26 || s.charAt(start + 2) != '/' || s.charAt(start + 6) != '/'
                || s.charAt(start + 11) != ':' || s.charAt(start + 14) != ':' || s.charAt(start + 17) != ':'
                || s.charAt(start + 20) != ' ') {
            return -1;
        }
        int day = digits(s, start, 2);
        int month = MONTHS.indexOf(s.substring(start + 3, start + 6)) / 3 + 1;
        int year = digits(s, start + 7, 4);
        int hour = digits(s, start + 12, 2);
        int minute = digits(s, start + 15, 2);
        int second = digits(s, start + 18, 2);
        char sign = s.charAt(start + 21);
        int zoneHours = digits(s, start + 22, 2);
        int zoneMinutes = digits(s, start + 24, 2);
        if (day < 1 || day > 31 || month < 1 || year < 0 || hour > 23 || minute > 59 || second > 60
                || (sign != '+' && sign != '-') || zoneHours < 0 || zoneMinutes < 0 || zoneHours > 18
                || zoneMinutes > 59) {
            return -1;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return -1;
        }
        long offset = (zoneHours * 3600L + zoneMinutes * 60L) * (sign == '+' ? 1 : -1);
        return days * 86400 + hour * 3600L + minute * 60L + second - offset;
    }

    /** {@code n} decimal digits at {@code at}; -1 when one is not a digit. */
    private static int digits(String s, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Any of the forms above, as text; -1 when it is none. Unix time may have a fraction
     * ({@code 1549573860.123}) and may be in milliseconds (13 digits).
     */
    public static long parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return -1;
        }
        if (t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
            t = t.substring(1, t.length() - 1);
        }
        if (Character.isDigit(t.charAt(0)) && t.length() > 4 && t.charAt(2) == '/') {
            return parseClf(t, 0, t.length());
        }
        if (t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return fromNumber(t);
        }
        try {
            return OffsetDateTime.parse(t).toEpochSecond();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(t).getEpochSecond();
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    private static long fromNumber(String t) {
        try {
            double v = Double.parseDouble(t);
            return fromNumber(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Unix seconds, or milliseconds when the value is too big for seconds (after the year 5000). */
    static long fromNumber(double v) {
        if (!(v >= 0)) {
            return -1;
        }
        return v > 1e11 ? (long) Math.floor(v / 1000) : (long) Math.floor(v);
    }
}
