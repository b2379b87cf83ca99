package dev.tcpswarm.monitor.config;

import java.nio.file.Path;

/**
 * The daily files.
 *
 * @param dir where {@code tcp_stats_YYYYMMDD.log} and {@code events_YYYYMMDD.log} go; null for none
 * @param summaryEveryNanos time between summary tables (on stdout and in the daily file)
 * @param keepDays daily files older than this many days are deleted; 0 keeps them all
 */
public record LoggingConfig(Path dir, long summaryEveryNanos, int keepDays) {
    public static final long DEFAULT_SUMMARY_EVERY_NANOS = 300_000_000_000L;
    public static final int DEFAULT_KEEP_DAYS = 30;

    public LoggingConfig withDir(Path newDir) {
        return new LoggingConfig(newDir, summaryEveryNanos, keepDays);
    }
}
