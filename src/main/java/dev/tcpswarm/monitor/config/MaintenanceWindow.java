package dev.tcpswarm.monitor.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A planned time when services are expected to be out: one-off ({@code from}/{@code to}) or
 * recurring ({@code every: sunday 02:00}, {@code for: 2h}) in a stated time zone. A recurring window
 * starts at its local time on each matching day, as that day's clock reads it: on the day clocks go
 * forward past that time it starts when they have (02:30 in a skipped hour is 03:30 the new time,
 * {@link ZonedDateTime#of}); on the day a time happens twice, at its first. It lasts {@code for} of
 * real time, so a 2-hour window is 2 hours across a change too. Immutable; pure.
 *
 * @param services the services it covers: those named, and the members of the groups named
 * @param groups the groups named in its targets
 * @param from one-off: its start; null for a recurring one
 * @param to one-off: its end (exclusive)
 * @param day recurring: the day of the week, null for every day
 * @param at recurring: the local start time
 * @param length recurring: how long each lasts
 * @param zone recurring: the zone of {@code at}
 */
public record MaintenanceWindow(String name, Set<String> services, Set<String> groups, Instant from, Instant to,
        DayOfWeek day, LocalTime at, Duration length, ZoneId zone) {

    public MaintenanceWindow {
        services = Set.copyOf(services);
        groups = Set.copyOf(groups);
    }

    /** An occurrence: [start, end). */
    public record Span(Instant start, Instant end) {
        boolean holds(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** True for {@code every:}. */
    public boolean recurring() {
        return from == null;
    }

    /** The occurrence in force at {@code t}, or null. */
    public Span at(Instant t) {
        if (!recurring()) {
            Span once = new Span(from, to);
            return once.holds(t) ? once : null;
        }
        LocalDate today = t.atZone(zone).toLocalDate();
        long back = length.toDays() + 2; // an occurrence that began this many days ago may still run
        for (LocalDate d = today.minusDays(back); !d.isAfter(today.plusDays(1)); d = d.plusDays(1)) {
            Span s = occurrence(d);
            if (s != null && s.holds(t)) {
                return s;
            }
        }
        return null;
    }

    /** The first start or end after {@code t}, or null when none is to come. */
    public Instant nextChangeAfter(Instant t) {
        if (!recurring()) {
            return t.isBefore(from) ? from : t.isBefore(to) ? to : null;
        }
        Span now = at(t);
        Instant next = now != null ? now.end() : null;
        LocalDate today = t.atZone(zone).toLocalDate();
        for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(8)); d = d.plusDays(1)) {
            Span s = occurrence(d);
            if (s != null && s.start().isAfter(t)) {
                return next == null || s.start().isBefore(next) ? s.start() : next;
            }
        }
        return next;
    }

    /** The occurrence that starts on local date {@code d}, or null when the window does not run that day. */
    Span occurrence(LocalDate d) {
        if (day != null && d.getDayOfWeek() != day) {
            return null;
        }
        Instant start = ZonedDateTime.of(d, at, zone).toInstant();
        return new Span(start, start.plus(length));
    }
}
