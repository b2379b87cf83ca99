package dev.tcpswarm.monitor;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the monitor stamps its lines and tables: local date and time, {@code 2025-10-08 14:30:00}. Pure, thread-safe. */
public final class Timestamps {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Timestamps() {
    }

    /** Local date-time text of {@code epochMillis} in {@code zone}. */
    public static String local(long epochMillis, ZoneId zone) {
        return LOCAL.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
