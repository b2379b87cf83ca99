package dev.tcpswarm.monitor;

/**
 * A stretch of time whose figures are summarised: the table on stdout and in the daily file.
 *
 * @param startEpochMillis where it began (the previous summary, or the start)
 * @param endEpochMillis where it ends: a multiple of {@code summary_every} from local midnight, or
 *     the moment the monitor stops
 * @param last true for the final summary, at Ctrl-C, SIGTERM or the end of {@code --duration}
 */
public record SummaryPeriod(long startEpochMillis, long endEpochMillis, boolean last) {
}
