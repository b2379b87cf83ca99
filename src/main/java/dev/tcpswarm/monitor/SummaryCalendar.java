package dev.tcpswarm.monitor;

/**
 * When the summaries fall: every {@code summary_every} counted from local midnight, never across a
 * midnight (so a period never spans two daily files; {@link SummaryPeriod#endOf}), and a last one at
 * the stop. A period is summarised once every probe that started in it has reported: when the
 * sources say so (the settled time the pipeline passes to {@link #due}), else when the longest probe
 * (the {@code settleMillis} bound) is over. So a probe that starts before a boundary and reports after
 * it still makes that period's row, as in the store. Pipeline thread only.
 */
final class SummaryCalendar {
    /** How often a due summary looks again whether its probes are in. */
    static final long SETTLE_POLL_MILLIS = 10;

    private final MonitorClock clock;
    private long everyMillis;
    private long settleMillis;
    private long periodStartMillis;
    private long nextSummaryMillis;
    private boolean waiting;

    SummaryCalendar(MonitorClock clock, long everyNanos, long settleMillis) {
        this.clock = clock;
        setEvery(everyNanos, settleMillis);
    }

    /** {@code summary_every} in milliseconds, as the periods are counted. */
    static long everyMillis(long everyNanos) {
        return Math.max(1, everyNanos / 1_000_000L);
    }

    /**
     * A reload's {@code summary_every} and longest probe; the period under way ends where it was due.
     *
     * @param settleMillis the longest a probe takes to report: a due summary waits at most that long
     */
    void setEvery(long everyNanos, long settleMillis) {
        everyMillis = everyMillis(everyNanos);
        this.settleMillis = Math.max(0, settleMillis);
    }

    /** The first period begins now. */
    void start() {
        periodStartMillis = clock.epochMillis();
        nextSummaryMillis = nextBoundary(periodStartMillis);
    }

    /** Wall-clock milliseconds until the calendar wants to be asked again (0 when a summary is due). */
    long millisToNext() {
        long wall = clock.epochMillis();
        if (wall < nextSummaryMillis) {
            return nextSummaryMillis - wall;
        }
        return waiting ? Math.min(SETTLE_POLL_MILLIS, Math.max(0, nextSummaryMillis + settleMillis - wall)) : 0;
    }

    /**
     * The period that ended, when one is due now; else null.
     *
     * @param settledEpochMillis every probe started before this has reported (Long.MIN_VALUE: unknown,
     *     so a due period waits for the longest probe)
     */
    SummaryPeriod due(long settledEpochMillis) {
        long wall = clock.epochMillis();
        if (wall < nextSummaryMillis) {
            return null;
        }
        if (settledEpochMillis < nextSummaryMillis && wall < nextSummaryMillis + settleMillis) {
            waiting = true;
            return null;
        }
        waiting = false;
        SummaryPeriod period = new SummaryPeriod(periodStartMillis, nextSummaryMillis, false);
        periodStartMillis = nextSummaryMillis;
        // after a pause (a suspended machine), the periods wholly past go into this one's successor
        nextSummaryMillis = nextBoundary(Math.max(wall - settleMillis, periodStartMillis));
        return period;
    }

    /** The last period: everything since the last summary. */
    SummaryPeriod last() {
        return new SummaryPeriod(periodStartMillis, Math.max(periodStartMillis, clock.epochMillis()), true);
    }

    /** The next summary time after {@code fromMillis}. */
    long nextBoundary(long fromMillis) {
        return SummaryPeriod.endOf(fromMillis, everyMillis, clock.zone());
    }
}
