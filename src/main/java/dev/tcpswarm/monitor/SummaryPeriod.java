package dev.tcpswarm.monitor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A stretch of time whose figures are summarised: the table on stdout and in the daily file, and a
 * row of {@code monitor report}. It holds [start, end): a probe belongs to the period in which it
 * started ({@link #endOf}), the one rule the live summaries, the daily file and the report share.
 *
 * @param startEpochMillis where it began (the previous summary, or the start)
 * @param endEpochMillis where it ends: a multiple of {@code summary_every} from local midnight, or
 *     the moment the monitor stops
 * @param last true for the final summary, at Ctrl-C, SIGTERM or the end of {@code --duration}
 */
public record SummaryPeriod(long startEpochMillis, long endEpochMillis, boolean last) {

    /**
     * The end of the period holding the instant {@code t}: the next multiple of {@code everyMillis}
     * counted from local midnight in {@code zone} after {@code t}, never past the next midnight (so a
     * period never spans two daily files). Lower-inclusive: a probe started on a boundary belongs to
     * the period that begins there.
     */
    public static long endOf(long t, long everyMillis, ZoneId zone) {
        LocalDate day = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
        long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long nextMidnight = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long k = (t - midnight) / everyMillis + 1;
        return Math.min(midnight + k * everyMillis, nextMidnight);
    }
}
