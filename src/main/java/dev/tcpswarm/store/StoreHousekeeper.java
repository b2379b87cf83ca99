package dev.tcpswarm.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The store's upkeep, by the monitor's clock: rolls up each minute once it is over (and again when a
 * late probe lands in it), and every hour deletes what is past its retention, but never probes whose
 * minute may still be rolled up. It decides what is due; {@link StoreDao} does the SQL. The store's
 * writer thread only, except {@link #graceMillis(long)} (the pipeline thread, at a start or reload).
 */
final class StoreHousekeeper {
    private static final long PRUNE_EVERY_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final StoreConfig config;
    private final StoreDao dao;
    private final TreeSet<Long> dirtyMinutes = new TreeSet<>();
    private volatile long graceMillis = 10_000;
    private long nextPruneMillis;
    private boolean recovered;

    StoreHousekeeper(StoreConfig config, StoreDao dao) {
        this.config = config;
        this.dao = dao;
    }

    /** How long after a minute's end its probes can still arrive. Any thread. */
    void graceMillis(long millis) {
        graceMillis = millis;
    }

    /** {@code minutes} got probes: each needs its rollup (again) once it is over. */
    void written(List<Long> minutes) {
        dirtyMinutes.addAll(minutes);
    }

    /**
     * Rolls up the minutes that are over, and prunes when an hour has passed. What fails stays due
     * for the next pass.
     *
     * @param oldestQueued the oldest row not written yet, or null
     * @param goOn false stops a long pruning between its chunks
     * @throws SQLException the first failure, once both parts were tried
     */
    void pass(long now, StoreRow oldestQueued, BooleanSupplier goOn) throws SQLException {
        if (!recovered) {
            // after a crash: the minutes written since the last rollup still need theirs
            dirtyMinutes.addAll(dao.minutesNotRolledUp());
            recovered = true;
        }
        SQLException failure = null;
        List<Long> due = new ArrayList<>();
        for (long m : dirtyMinutes) {
            if (m + Rollups.MINUTE_MILLIS + graceMillis > now) {
                break;
            }
            due.add(m);
        }
        if (!due.isEmpty()) {
            try {
                dao.rollUp(due);
                due.forEach(dirtyMinutes::remove);
            } catch (SQLException e) {
                failure = e;
            }
        }
        if (now >= nextPruneMillis) {
            try {
                dao.prune(Math.min(now - config.retentionMillis(), stillToRollUpMillis(oldestQueued)),
                        now - config.rollupRetentionMillis(), goOn);
                nextPruneMillis = now + PRUNE_EVERY_MILLIS;
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The earliest time whose probes may still be rolled up: the oldest minute not rolled up yet, and
     * the oldest row still queued less the time a late probe can take. Probes from there on are kept
     * whatever the retention (a backlog bigger than a batch, a clock that jumped), so a minute is never
     * rolled up again from part of its probes.
     */
    private long stillToRollUpMillis(StoreRow oldestQueued) {
        long earliest = dirtyMinutes.isEmpty() ? Long.MAX_VALUE : dirtyMinutes.first();
        if (oldestQueued != null) {
            earliest = Math.min(earliest, Rollups.minuteOf(oldestQueued.t()) - graceMillis);
        }
        return earliest;
    }
}
