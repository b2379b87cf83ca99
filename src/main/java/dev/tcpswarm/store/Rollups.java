package dev.tcpswarm.store;

import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.stats.LatencyRanges;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Per-minute rollups, made from the stored probes: one general rule, used when a minute is over
 * (the writer), when a late probe lands in a minute already rolled up (again), when a store of v1
 * gets its rollups (the migration), and when a reader needs a minute that is not rolled up yet.
 * A minute's rollup is always exactly what its stored probes say. Called on the thread that owns
 * the connection it is given.
 */
final class Rollups {
    static final long MINUTE_MILLIS = 60_000;

    private Rollups() {
    }

    /** The start of the minute holding {@code epochMillis}. */
    static long minuteOf(long epochMillis) {
        return Math.floorDiv(epochMillis, MINUTE_MILLIS) * MINUTE_MILLIS;
    }

    /** Rolls up (again) each of {@code minutes} (their starts), in the caller's transaction. */
    static void rollUpMinutes(Connection c, List<Long> minutes) throws SQLException {
        for (long m : minutes) {
            write(c, m, compute(c, -1, m, m + MINUTE_MILLIS));
        }
    }

    /** The v2 migration: every minute that has probes. */
    static void backfill(Connection c) throws SQLException {
        rollUpMinutes(c, minutesWithProbes(c, Long.MIN_VALUE));
    }

    /**
     * The v6 migration: the minutes rolled up before that have a probe with a response time, and
     * whose rollups still count every one of their probes, for every service (raw probes are pruned
     * after a while; a minute only partly kept is left as it was: rolling it up again would rewrite
     * every service's rollup of that minute), rolled up again, now with their response times. Runs
     * inside the migration's transaction, before the new version is set.
     */
    static void backfillResponses(Connection c) throws SQLException {
        if (Schema.pragma(c, "user_version") < 5) {
            return; // the store had no response times before v5: nothing to fill in, and no scan of its probes
        }
        List<Long> minutes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT r.minute FROM rollup r LEFT JOIN (SELECT target, t - (t % 60000) AS minute, count(*) AS n,"
                        + " count(response_us) AS answered FROM probe GROUP BY 1, 2) p"
                        + " ON p.target = r.target AND p.minute = r.minute"
                        + " GROUP BY r.minute HAVING sum(p.answered) > 0 AND sum(p.n IS NULL OR p.n <> r.probes) = 0"
                        + " ORDER BY r.minute")) {
            while (rs.next()) {
                minutes.add(rs.getLong(1));
            }
        }
        rollUpMinutes(c, minutes);
    }

    /** The minutes that have probes at or after {@code fromMillis}, in order. */
    static List<Long> minutesWithProbes(Connection c, long fromMillis) throws SQLException {
        List<Long> minutes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT (t - (t % 60000)) FROM probe WHERE t >= ? ORDER BY 1")) {
            ps.setLong(1, fromMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    minutes.add(rs.getLong(1));
                }
            }
        }
        return minutes;
    }

    /**
     * The stored probes of [{@code fromMillis}, {@code toMillis}) folded per target and minute (a
     * part of a minute when the range cuts it).
     *
     * @param target one target's id, or -1 for all
     */
    static Map<Long, List<MinuteStats>> compute(Connection c, long target, long fromMillis, long toMillis)
            throws SQLException {
        Map<Long, Map<Long, Builder>> byTarget = new LinkedHashMap<>();
        String sql = "SELECT target, t, outcome, connect_us, tls_us, response_us FROM probe WHERE " + (target < 0 ? "" : "target = ? AND ")
                + "t >= ? AND t < ? ORDER BY target, t";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (target >= 0) {
                ps.setLong(i++, target);
            }
            ps.setLong(i++, fromMillis);
            ps.setLong(i, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long minute = minuteOf(rs.getLong(2));
                    Builder b = byTarget.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(minute, Builder::new);
                    b.probes++;
                    if (rs.getInt(3) == 0) {
                        record(b.connect, rs.getLong(4));
                        long tls = rs.getLong(5);
                        if (!rs.wasNull()) {
                            record(b.tls, tls);
                        }
                        long response = rs.getLong(6);
                        if (!rs.wasNull()) {
                            record(b.response, response);
                        }
                    } else {
                        b.failures++;
                    }
                }
            }
        }
        Map<Long, List<MinuteStats>> out = new LinkedHashMap<>();
        byTarget.forEach((t, minutes) -> {
            List<MinuteStats> list = new ArrayList<>();
            minutes.values().forEach(b -> list.add(b.build()));
            out.put(t, list);
        });
        return out;
    }

    private static void record(IntCountsHistogram h, long micros) {
        h.recordValue(LatencyRanges.recordable(h, Math.min(micros, h.getHighestTrackableValue())));
    }

    private static void write(Connection c, long minute, Map<Long, List<MinuteStats>> byTarget) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO rollup (target, minute, probes, failures,"
                + " p50_us, p95_us, p99_us, histogram, tls_p50_us, tls_p95_us, tls_p99_us, tls_histogram,"
                + " response_p50_us, response_p95_us, response_p99_us, response_histogram)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Long, List<MinuteStats>> e : byTarget.entrySet()) {
                for (MinuteStats m : e.getValue()) {
                    ps.setLong(1, e.getKey());
                    ps.setLong(2, minute);
                    ps.setLong(3, m.probes());
                    ps.setLong(4, m.failures());
                    setLatency(ps, 5, m.connect());
                    setLatencyOrNull(ps, 9, m.tls());
                    setLatencyOrNull(ps, 13, m.response());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** A latency's p50, p95, p99 and histogram from column {@code first} on. */
    private static void setLatency(PreparedStatement ps, int first, MinuteStats.Latency latency) throws SQLException {
        setMicros(ps, first, latency.p50Micros());
        setMicros(ps, first + 1, latency.p95Micros());
        setMicros(ps, first + 2, latency.p99Micros());
        ps.setBytes(first + 3, encode(latency.histogram()));
    }

    /** As {@link #setLatency}, or four NULLs when no probe of the minute has this latency. */
    private static void setLatencyOrNull(PreparedStatement ps, int first, MinuteStats.Latency latency)
            throws SQLException {
        if (latency.p50Micros() < 0) {
            for (int i = first; i < first + 4; i++) {
                ps.setNull(i, i == first + 3 ? java.sql.Types.BLOB : java.sql.Types.INTEGER);
            }
        } else {
            setLatency(ps, first, latency);
        }
    }

    /** Microseconds, NULL for -1 (none). */
    static void setMicros(PreparedStatement ps, int index, long micros) throws SQLException {
        if (micros < 0) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setLong(index, micros);
        }
    }

    /** The newest minute rolled up, or {@code Long.MIN_VALUE} when none is. */
    static long lastRolledMinute(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(minute) FROM rollup")) {
            if (rs.next()) {
                long m = rs.getLong(1);
                return rs.wasNull() ? Long.MIN_VALUE : m;
            }
            return Long.MIN_VALUE;
        }
    }

    static byte[] encode(IntCountsHistogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    static IntCountsHistogram decode(byte[] bytes) {
        try {
            return IntCountsHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a rollup's histogram cannot be read: " + e.getMessage(), e);
        }
    }

    /** One target's probes of one minute, while they are counted. */
    private static final class Builder {
        final long minute;
        final IntCountsHistogram connect = PeriodStats.newConnectMicros();
        final IntCountsHistogram tls = PeriodStats.newConnectMicros();
        final IntCountsHistogram response = PeriodStats.newConnectMicros();
        long probes;
        long failures;

        Builder(long minute) {
            this.minute = minute;
        }

        MinuteStats build() {
            return MinuteStats.of(minute, probes, failures, connect, tls, response);
        }
    }
}
