package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.LoggingConfig;

/**
 * Appends each summary's table rows to {@code tcp_stats_YYYYMMDD.log} in the log directory, stamped
 * with the summary's end (its local date picks the file). Pipeline thread only.
 */
public final class DailyLog implements MonitorListener {
    /** The table files' name prefix. */
    public static final String PREFIX = "tcp_stats_";

    private final PeriodStats stats;
    private final DailyFiles files;
    private final MonitorClock clock;

    /** @param faults where the rows the disk did not take are counted and said */
    public DailyLog(LoggingConfig logging, PeriodStats stats, MonitorClock clock, WriteFaults faults) {
        this.stats = stats;
        this.clock = clock;
        this.files = new DailyFiles(logging.dir(), PREFIX, DailyTable.HEADER, clock.zone(), logging.keepDays(), faults);
    }

    @Override
    public void summary(SummaryPeriod period) {
        String timestamp = Timestamps.local(period.endEpochMillis(), clock.zone());
        StringBuilder rows = new StringBuilder();
        for (PeriodStats.Row r : stats.lastRows()) {
            rows.append(DailyTable.row(timestamp, r.service(), r.buckets())).append('\n');
        }
        files.append(period.endEpochMillis(), rows.toString());
    }
}
