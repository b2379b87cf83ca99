package dev.tcpswarm.monitor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When the summaries fall: every {@code summary_every} counted from local midnight, never across a
 * midnight (so a period never spans two daily files), and a last one at the stop. Pipeline thread
 * only.
 */
final class SummaryCalendar {
    private final MonitorClock clock;
    private long everyMillis;
    private long periodStartMillis;
    private long nextSummaryMillis;

    SummaryCalendar(MonitorClock clock, long everyNanos) {
        this.clock = clock;
        setEvery(everyNanos);
    }

    /** A reload's {@code summary_every}; the period under way ends where it was due. */
    void setEvery(long everyNanos) {
        everyMillis = Math.max(1, everyNanos / 1_000_000L);
    }

    /** The first period begins now. */
    void start() {
        periodStartMillis = clock.epochMillis();
        nextSummaryMillis = nextBoundary(periodStartMillis);
    }

    /** Wall-clock milliseconds until the next summary is due (0 when it is). */
    long millisToNext() {
        return Math.max(0, nextSummaryMillis - clock.epochMillis());
    }

    /** The period that ended, when one is due now; else null. */
    SummaryPeriod due() {
        long wall = clock.epochMillis();
        if (wall < nextSummaryMillis) {
            return null;
        }
        SummaryPeriod period = new SummaryPeriod(periodStartMillis, nextSummaryMillis, false);
        periodStartMillis = nextSummaryMillis;
        nextSummaryMillis = nextBoundary(Math.max(wall, periodStartMillis));
        return period;
    }

    /** The last period: everything since the last summary. */
    SummaryPeriod last() {
        return new SummaryPeriod(periodStartMillis, Math.max(periodStartMillis, clock.epochMillis()), true);
    }

    /** The next summary time after {@code fromMillis}. */
    long nextBoundary(long fromMillis) {
        ZoneId zone = clock.zone();
        LocalDate day = Instant.ofEpochMilli(fromMillis).atZone(zone).toLocalDate();
        long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long nextMidnight = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long k = (fromMillis - midnight) / everyMillis + 1;
        return Math.min(midnight + k * everyMillis, nextMidnight);
    }
}
