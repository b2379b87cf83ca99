package dev.tcpswarm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The store's SQL for writing: a batch of rows in one transaction, the rollup of given minutes, and
 * the deletion of rows past their retention. It owns its connection and knows nothing of queues or
 * schedules. The store's writer thread only.
 */
final class StoreDao implements AutoCloseable {
    private static final int PRUNE_CHUNK_ROWS = 20_000;

    private final Connection connection;
    private final Map<String, Long> targetIds = new HashMap<>();

    StoreDao(Connection connection) {
        this.connection = connection;
    }

    /**
     * Writes {@code batch} in one transaction, in order; nothing of it when it fails.
     *
     * @return the minutes (their starts) that got probes
     */
    List<Long> write(List<StoreRow> batch) throws SQLException {
        Map<String, Long> newIds = new HashMap<>();
        List<Long> minutes = new ArrayList<>();
        inTransaction(() -> {
            try (PreparedStatement probe = connection.prepareStatement(
                    "INSERT INTO probe (t, target, outcome, connect_us, tls_us, response_us) VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement change = connection.prepareStatement(
                            "INSERT INTO state_change (t, target, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement alert = connection.prepareStatement("INSERT INTO alert_event (t, alert, target,"
                            + " event, target_state, message, firing_since) VALUES (?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement notice = connection.prepareStatement("INSERT INTO notification (t, alert, event,"
                            + " event_t, channel, delivered, attempts, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement traffic = connection.prepareStatement("INSERT INTO traffic (source, t, end_t, hits,"
                            + " status_1xx, status_2xx, status_3xx, status_4xx, status_5xx, status_other, bytes, malformed,"
                            + " late) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (StoreRow row : batch) {
                    if (row instanceof StoreRow.Probe p) {
                        probe.setLong(1, p.t());
                        probe.setLong(2, targetId(p.service(), false, newIds));
                        probe.setInt(3, p.outcome());
                        Rollups.setMicros(probe, 4, p.connectMicros());
                        Rollups.setMicros(probe, 5, p.tlsMicros());
                        Rollups.setMicros(probe, 6, p.responseMicros());
                        probe.addBatch();
                        minutes.add(Rollups.minuteOf(p.t()));
                    } else if (row instanceof StoreRow.Change c) {
                        change.setLong(1, c.t());
                        change.setLong(2, targetId(c.name(), c.group(), newIds));
                        change.setString(3, c.from());
                        change.setString(4, c.to());
                        change.setString(5, c.reason());
                        change.addBatch();
                    } else if (row instanceof StoreRow.Alert a) {
                        alert.setLong(1, a.t());
                        alert.setString(2, a.alert());
                        alert.setString(3, a.target());
                        alert.setString(4, a.event());
                        alert.setString(5, a.state());
                        alert.setString(6, a.message());
                        alert.setLong(7, a.firingSince());
                        alert.addBatch();
                    } else if (row instanceof StoreRow.Notice n) {
                        notice.setLong(1, n.t());
                        notice.setString(2, n.alert());
                        notice.setString(3, n.event());
                        notice.setLong(4, n.eventT());
                        notice.setString(5, n.channel());
                        notice.setInt(6, n.delivered() ? 1 : 0);
                        notice.setInt(7, n.attempts());
                        notice.setString(8, n.error());
                        notice.addBatch();
                    } else if (row instanceof StoreRow.Traffic tr) {
                        traffic.setString(1, tr.source());
                        traffic.setLong(2, tr.t());
                        traffic.setLong(3, tr.end());
                        traffic.setLong(4, tr.hits());
                        for (int c = 1; c <= 5; c++) {
                            traffic.setLong(4 + c, tr.classes().get(c));
                        }
                        traffic.setLong(10, tr.classes().get(0));
                        traffic.setLong(11, tr.bytes());
                        traffic.setLong(12, tr.malformed());
                        traffic.setLong(13, tr.late());
                        traffic.addBatch();
                    }
                }
                probe.executeBatch();
                change.executeBatch();
                alert.executeBatch();
                notice.executeBatch();
                traffic.executeBatch();
            }
        });
        targetIds.putAll(newIds); // only once committed: a rolled-back id does not exist
        return minutes;
    }

    /** The id of a service or group, made on first sight (in the transaction under way). */
    private long targetId(String name, boolean group, Map<String, Long> newIds) throws SQLException {
        String key = (group ? "g:" : "s:") + name;
        Long id = targetIds.get(key);
        if (id == null) {
            id = newIds.get(key);
        }
        if (id != null) {
            return id;
        }
        String kind = group ? "group" : "service";
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO target (name, kind) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, kind);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM target WHERE name = ? AND kind = ?")) {
            select.setString(1, name);
            select.setString(2, kind);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        newIds.put(key, id);
        return id;
    }

    /** The minutes with probes that were not rolled up when the last run ended (a crash leaves some). */
    List<Long> minutesNotRolledUp() throws SQLException {
        long last = Rollups.lastRolledMinute(connection);
        return Rollups.minutesWithProbes(connection, last == Long.MIN_VALUE ? Long.MIN_VALUE : last + Rollups.MINUTE_MILLIS);
    }

    /** Rolls up (again) {@code minutes}, in one transaction. */
    void rollUp(List<Long> minutes) throws SQLException {
        inTransaction(() -> Rollups.rollUpMinutes(connection, minutes));
    }

    /**
     * Deletes the probes before {@code probesBefore} (in chunks, each its own transaction, while
     * {@code goOn} holds) and the rollups, state changes, alert events and notifications before
     * {@code restBefore}, except the last state change of each target and the last event of each
     * alert, however old: they are where the next start resumes.
     */
    void prune(long probesBefore, long restBefore, BooleanSupplier goOn) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM probe WHERE rowid IN (SELECT rowid FROM probe WHERE t < ? LIMIT " + PRUNE_CHUNK_ROWS + ")")) {
            ps.setLong(1, probesBefore);
            while (ps.executeUpdate() == PRUNE_CHUNK_ROWS && goOn.getAsBoolean()) {
                // the next chunk
            }
        }
        inTransaction(() -> {
            for (String sql : List.of("DELETE FROM rollup WHERE minute < ?",
                    "DELETE FROM state_change WHERE t < ? AND rowid NOT IN (SELECT max(rowid) FROM state_change GROUP BY target)",
                    "DELETE FROM alert_event WHERE t < ? AND rowid NOT IN (SELECT max(rowid) FROM alert_event GROUP BY alert)",
                    "DELETE FROM notification WHERE t < ?", "DELETE FROM traffic WHERE t < ?")) {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setLong(1, restBefore);
                    ps.executeUpdate();
                }
            }
        });
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Statement tx = connection.createStatement()) {
            tx.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                tx.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(tx);
                throw e;
            }
        }
    }

    private static void rollback(Statement tx) {
        try {
            tx.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction left to roll back (SQLite ended it with the failure)
        }
    }

    @Override
    public void close() {
        StoreFile.close(connection);
    }
}
