package dev.tcpswarm.store;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's lasting store, as configured ({@code store:} in the config file, or
 * {@code --store FILE}).
 *
 * @param path the SQLite file
 * @param retentionMillis how long every probe is kept
 * @param rollupRetentionMillis how long the per-minute rollups, state changes, alerts and notifications
 *     are kept (at least {@code retentionMillis})
 * @param queueRows rows that may wait for the disk; beyond that, rows are dropped and counted
 */
public record StoreConfig(Path path, long retentionMillis, long rollupRetentionMillis, int queueRows) {
    public static final long DEFAULT_RETENTION_MILLIS = TimeUnit.DAYS.toMillis(30);
    public static final long DEFAULT_ROLLUP_RETENTION_MILLIS = TimeUnit.DAYS.toMillis(400);
    public static final int DEFAULT_QUEUE_ROWS = 100_000;

    /** {@code --store FILE} without a config section: the defaults. */
    public static StoreConfig at(Path path) {
        return new StoreConfig(path, DEFAULT_RETENTION_MILLIS, DEFAULT_ROLLUP_RETENTION_MILLIS, DEFAULT_QUEUE_ROWS);
    }

    /** The same settings for another file ({@code --store FILE} over the config's path). */
    public StoreConfig withPath(Path other) {
        return new StoreConfig(other, retentionMillis, rollupRetentionMillis, queueRows);
    }
}
