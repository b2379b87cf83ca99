package dev.tcpswarm.store;

import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.ServiceState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads the store: where monitoring stopped (to resume), each service's minutes (p50/p95/p99, probes,
 * failures) and state changes over any period, and probe counts for uptime. A period is read from the
 * per-minute rollups for the whole minutes that have one, and from the stored probes for the rest
 * (the minutes not rolled up yet, and a minute the period cuts), so figures are exact where the probes
 * are still kept, and to the minute beyond. Its own connection, which only reads; the methods are
 * synchronized, so any thread may call them (the HTTP server's, the report's).
 */
public final class StoreReader implements AutoCloseable {
    private final Connection connection;

    private StoreReader(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens {@code path} to read (migrating it first when it is older).
     *
     * @param create make an empty store when the file is missing (the monitor); false to refuse (the report)
     */
    public static StoreReader open(Path path, boolean create) throws StoreException {
        return new StoreReader(StoreFile.open(path, create, true));
    }

    /** Opens an existing {@code path} to read, refusing it when damaged ({@code PRAGMA quick_check}). */
    public static StoreReader openChecked(Path path) throws StoreException {
        return new StoreReader(StoreFile.open(path, false, true, true));
    }

    /** The probes and failures of a period. */
    public record Counts(long probes, long failures) {
        /** Open probes over all probes; NaN without probes. */
        public double uptime() {
            return probes == 0 ? Double.NaN : (probes - failures) / (double) probes;
        }
    }

    /**
     * A state change.
     *
     * @param from the state before, lower case ({@code up})
     * @param to the state after
     */
    public record StateEntry(long epochMillis, String from, String to, String reason) {
    }

    /** Where every service, group and alert stood at the end of the last run. */
    public synchronized Resume resume() throws SQLException {
        List<Resume.LastState> states = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT tg.name, tg.kind, s.to_state, s.reason, s.t"
                + " FROM state_change s JOIN target tg ON tg.id = s.target"
                + " WHERE s.rowid IN (SELECT max(rowid) FROM state_change GROUP BY target) ORDER BY tg.id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                states.add(new Resume.LastState(rs.getString(1), rs.getString(2).equals("group"),
                        ServiceState.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getString(4), rs.getLong(5)));
            }
        }
        List<Resume.LastAlert> alerts = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT alert, event, t, firing_since FROM alert_event"
                + " WHERE rowid IN (SELECT max(rowid) FROM alert_event WHERE event <> 'suppressed' GROUP BY alert)"
                + " ORDER BY rowid");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String event = rs.getString(2);
                if (event.equals("firing") || event.equals("reminder")) {
                    alerts.add(new Resume.LastAlert(rs.getString(1), rs.getLong(4), rs.getLong(3)));
                }
            }
        }
        return new Resume(List.copyOf(states), List.copyOf(alerts));
    }

    /** The services ever stored, in the order they were first seen. */
    public synchronized List<String> services() throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT name FROM target WHERE kind = 'service' ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The time of the oldest probe, rollup or access log's interval kept, or -1 when the store has none. */
    public synchronized long oldestMillis() throws SQLException {
        long oldest = Long.MAX_VALUE;
        List<String> queries = new ArrayList<>(List.of("SELECT min(t) FROM probe", "SELECT min(minute) FROM rollup"));
        if (hasTable("traffic")) {
            queries.add("SELECT min(t) FROM traffic");
        }
        for (String sql : queries) {
            try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    if (!rs.wasNull()) {
                        oldest = Math.min(oldest, v);
                    }
                }
            }
        }
        return oldest == Long.MAX_VALUE ? -1 : oldest;
    }

    /** One service's minutes within [from, to), oldest first; empty for a name never stored. */
    public synchronized List<MinuteStats> minutes(String service, long fromMillis, long toMillis) throws SQLException {
        long id = targetId(service, "service");
        if (id < 0) {
            return List.of();
        }
        return minutes(id, fromMillis, toMillis).getOrDefault(id, List.of());
    }

    /** Every service's minutes within [from, to), by name in first-seen order. */
    public synchronized Map<String, List<MinuteStats>> minutesOfAll(long fromMillis, long toMillis) throws SQLException {
        Map<Long, List<MinuteStats>> byId = minutes(-1, fromMillis, toMillis);
        Map<String, List<MinuteStats>> byName = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, name FROM target WHERE kind = 'service' ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<MinuteStats> list = byId.get(rs.getLong(1));
                if (list != null) {
                    byName.put(rs.getString(2), list);
                }
            }
        }
        return byName;
    }

    /** A service's probes and failures within [from, to). */
    public synchronized Counts counts(String service, long fromMillis, long toMillis) throws SQLException {
        long id = targetId(service, "service");
        if (id < 0) {
            return new Counts(0, 0);
        }
        Split split = split(fromMillis, toMillis);
        long probes = 0;
        long failures = 0;
        if (split.rolledFrom < split.rolledTo) {
            Counts rolled = slidingRolled(id, split.rolledFrom, split.rolledTo);
            probes += rolled.probes();
            failures += rolled.failures();
        }
        for (long[] range : split.rawRanges) {
            Counts raw = sum("SELECT count(*), coalesce(sum(outcome <> 0), 0) FROM probe WHERE target = ? AND t >= ?"
                    + " AND t < ?", id, range[0], range[1]);
            probes += raw.probes();
            failures += raw.failures();
        }
        return new Counts(probes, failures);
    }

    /**
     * A service's probes and failures per day: {@code days} periods of 24 h from {@code fromMillis}
     * (the status page's 90 days of uptime bars), each {@code [probes, failures]}; one grouped read of
     * the rollups and one of the probes not rolled up yet.
     */
    public synchronized long[][] daily(String service, long fromMillis, int days) throws SQLException {
        long[][] out = new long[days][2];
        long id = targetId(service, "service");
        if (id < 0 || days <= 0) {
            return out;
        }
        long day = TimeUnit.DAYS.toMillis(1);
        Split split = split(fromMillis, fromMillis + days * day);
        if (split.rolledFrom < split.rolledTo) {
            addDaily(out, "SELECT (minute - ?) / " + day + ", sum(probes), sum(failures) FROM rollup WHERE target = ?"
                    + " AND minute >= ? AND minute < ? GROUP BY 1", fromMillis, id, split.rolledFrom, split.rolledTo);
        }
        for (long[] range : split.rawRanges) {
            addDaily(out, "SELECT (t - ?) / " + day + ", count(*), sum(outcome <> 0) FROM probe WHERE target = ?"
                    + " AND t >= ? AND t < ? GROUP BY 1", fromMillis, id, range[0], range[1]);
        }
        return out;
    }

    private void addDaily(long[][] out, String sql, long origin, long target, long from, long to) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, origin);
            ps.setLong(2, target);
            ps.setLong(3, from);
            ps.setLong(4, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = (int) rs.getLong(1);
                    if (i >= 0 && i < out.length) {
                        out[i][0] += rs.getLong(2);
                        out[i][1] += rs.getLong(3);
                    }
                }
            }
        }
    }

    /** The sums of a window of rollups that slides (the status page's 24 h, 7 d, 30 d), by length. */
    private static final class Sliding {
        long fromMinute;
        long toMinute;
        long probes;
        long failures;
        long builtAtNanos;
    }

    private record SlidingKey(long target, long lengthMillis) {
    }

    /** Past this age a sliding sum is read again whole (rollups redone for late probes, pruning). */
    private static final long SLIDING_REBUILD_NANOS = TimeUnit.MINUTES.toNanos(10);
    private final Map<SlidingKey, Sliding> sliding = new HashMap<>();

    /**
     * The rollups' sums over [from, to) (whole minutes): a window that moved forward since the last
     * call of the same length only reads the minutes that entered and left it, so the 30-day uptime of
     * a service costs a few rows, not 43,200, at each refresh of the page.
     */
    private Counts slidingRolled(long target, long from, long to) throws SQLException {
        String rollups = "SELECT coalesce(sum(probes), 0), coalesce(sum(failures), 0) FROM rollup WHERE target = ?"
                + " AND minute >= ? AND minute < ?";
        SlidingKey key = new SlidingKey(target, to - from);
        Sliding s = sliding.get(key);
        long now = System.nanoTime();
        boolean reuse = s != null && from >= s.fromMinute && to >= s.toMinute && from < s.toMinute
                && now - s.builtAtNanos < SLIDING_REBUILD_NANOS;
        if (!reuse) {
            if (sliding.size() > 10_000) {
                sliding.clear(); // lengths asked for once each: keep the map small
            }
            s = new Sliding();
            Counts whole = sum(rollups, target, from, to);
            s.probes = whole.probes();
            s.failures = whole.failures();
            s.builtAtNanos = now;
            sliding.put(key, s);
        } else {
            Counts entered = sum(rollups, target, s.toMinute, to);
            Counts left = sum(rollups, target, s.fromMinute, from);
            s.probes += entered.probes() - left.probes();
            s.failures += entered.failures() - left.failures();
        }
        s.fromMinute = from;
        s.toMinute = to;
        return new Counts(s.probes, s.failures);
    }

    private Counts sum(String sql, long target, long from, long to) throws SQLException {
        if (from >= to) {
            return new Counts(0, 0);
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, target);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /**
     * A service's or group's state changes within [from, to), oldest first, preceded by the last one
     * before {@code from} (the state in force when the period begins) when there is one.
     */
    public synchronized List<StateEntry> states(String name, boolean group, long fromMillis, long toMillis)
            throws SQLException {
        long id = targetId(name, group ? "group" : "service");
        List<StateEntry> out = new ArrayList<>();
        if (id < 0) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT t, from_state, to_state, reason FROM state_change"
                + " WHERE target = ? AND t < ? ORDER BY t DESC, rowid DESC LIMIT 1")) {
            ps.setLong(1, id);
            ps.setLong(2, fromMillis);
            readStates(ps, out);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT t, from_state, to_state, reason FROM state_change"
                + " WHERE target = ? AND t >= ? AND t < ? ORDER BY t, rowid")) {
            ps.setLong(1, id);
            ps.setLong(2, fromMillis);
            ps.setLong(3, toMillis);
            readStates(ps, out);
        }
        return out;
    }

    /**
     * An access log's intervals within a period, added up: hits by status class (index 0 for statuses
     * outside 100-599), bytes, malformed and late lines, and the event time they cover.
     */
    public record TrafficTotals(String source, long fromMillis, long toMillis, long hits, List<Long> classes, long bytes,
            long malformed, long late) {
        /** Requests per second over the event time covered. */
        public double requestsPerSecond() {
            return hits / Math.max(1.0, (toMillis - fromMillis) / 1000.0);
        }
    }

    /** An alert decision on an access log. */
    public record TrafficAlert(long epochMillis, String alert, String source, String event, String message) {
    }

    /**
     * Each access log's intervals that begin within [from, to), added up, by name; empty for a store
     * of a tcpswarm before logs were monitored.
     */
    public synchronized List<TrafficTotals> traffic(long fromMillis, long toMillis) throws SQLException {
        List<TrafficTotals> out = new ArrayList<>();
        if (!hasTable("traffic")) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT source, min(t), max(end_t), sum(hits),"
                + " sum(status_other), sum(status_1xx), sum(status_2xx), sum(status_3xx), sum(status_4xx),"
                + " sum(status_5xx), sum(bytes), sum(malformed), sum(late) FROM traffic WHERE t >= ? AND t < ?"
                + " GROUP BY source ORDER BY source")) {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Long> classes = new ArrayList<>();
                    for (int c = 0; c <= 5; c++) {
                        classes.add(rs.getLong(5 + c));
                    }
                    out.add(new TrafficTotals(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            List.copyOf(classes), rs.getLong(11), rs.getLong(12), rs.getLong(13)));
                }
            }
        }
        return out;
    }

    /** One access log's intervals that begin within [from, to), oldest first, each as its {@link TrafficTotals}. */
    public synchronized List<TrafficTotals> trafficSeries(String source, long fromMillis, long toMillis)
            throws SQLException {
        List<TrafficTotals> out = new ArrayList<>();
        if (!hasTable("traffic")) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT t, end_t, hits, status_other, status_1xx,"
                + " status_2xx, status_3xx, status_4xx, status_5xx, bytes, malformed, late FROM traffic"
                + " WHERE source = ? AND t >= ? AND t < ? ORDER BY t, rowid")) {
            ps.setString(1, source);
            ps.setLong(2, fromMillis);
            ps.setLong(3, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Long> classes = new ArrayList<>();
                    for (int c = 0; c <= 5; c++) {
                        classes.add(rs.getLong(4 + c));
                    }
                    out.add(new TrafficTotals(source, rs.getLong(1), rs.getLong(2), rs.getLong(3), List.copyOf(classes),
                            rs.getLong(10), rs.getLong(11), rs.getLong(12)));
                }
            }
        }
        return out;
    }

    /** The alerts' firings and resolutions on {@code sources} within [from, to), oldest first. */
    public synchronized List<TrafficAlert> trafficAlerts(List<String> sources, long fromMillis, long toMillis)
            throws SQLException {
        List<TrafficAlert> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT t, alert, target, event, message FROM alert_event"
                + " WHERE target = ? AND t >= ? AND t < ? AND event IN ('firing', 'resolved') ORDER BY t, rowid")) {
            for (String source : sources) {
                ps.setString(1, source);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TrafficAlert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(TrafficAlert::epochMillis));
        return out;
    }

    private boolean hasTable(String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** Every state change within [from, to), oldest first. */
    public synchronized List<History.Change> changes(long fromMillis, long toMillis) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT s.t, tg.name, tg.kind, s.from_state, s.to_state,"
                + " s.reason FROM state_change s JOIN target tg ON tg.id = s.target WHERE s.t >= ? AND s.t < ?"
                + " ORDER BY s.t, s.rowid")) {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
            return History.readChanges(ps);
        }
    }

    private static void readStates(PreparedStatement ps, List<StateEntry> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StateEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
    }

    /**
     * How a period splits: whole minutes rolled up, read from the rollups; the rest read from the
     * probes.
     */
    private record Split(long rolledFrom, long rolledTo, List<long[]> rawRanges) {
    }

    private Split split(long from, long to) throws SQLException {
        long last = Rollups.lastRolledMinute(connection);
        long rolledEnd = last == Long.MIN_VALUE ? Long.MIN_VALUE : last + Rollups.MINUTE_MILLIS;
        long firstWhole = -Math.floorDiv(-from, Rollups.MINUTE_MILLIS) * Rollups.MINUTE_MILLIS;
        long wholeEnd = Math.min(Rollups.minuteOf(to), rolledEnd);
        List<long[]> raw = new ArrayList<>(2);
        if (firstWhole >= wholeEnd) {
            if (from < to) {
                raw.add(new long[] {from, to});
            }
            return new Split(0, 0, raw);
        }
        if (from < firstWhole) {
            raw.add(new long[] {from, firstWhole});
        }
        if (wholeEnd < to) {
            raw.add(new long[] {wholeEnd, to});
        }
        return new Split(firstWhole, wholeEnd, raw);
    }

    private Map<Long, List<MinuteStats>> minutes(long target, long from, long to) throws SQLException {
        Split split = split(from, to);
        Map<Long, TreeMap<Long, MinuteStats>> byTarget = new LinkedHashMap<>();
        if (split.rolledFrom < split.rolledTo) {
            String sql = "SELECT target, minute, probes, failures, p50_us, p95_us, p99_us, histogram, tls_p50_us, tls_p95_us,"
                    + " tls_p99_us, tls_histogram, response_p50_us, response_p95_us, response_p99_us, response_histogram"
                    + " FROM rollup WHERE "
                    + (target < 0 ? "minute >= ? AND minute < ? ORDER BY target, minute"
                            : "target = ? AND minute >= ? AND minute < ? ORDER BY minute");
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                if (target >= 0) {
                    ps.setLong(i++, target);
                }
                ps.setLong(i++, split.rolledFrom);
                ps.setLong(i, split.rolledTo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        MinuteStats m = MinuteStats.stored(rs.getLong(2), rs.getLong(3), rs.getLong(4), latency(rs, 5),
                                latency(rs, 9), latency(rs, 13));
                        byTarget.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(m.minuteEpochMillis(), m);
                    }
                }
            }
        }
        for (long[] range : split.rawRanges) {
            Rollups.compute(connection, target, range[0], range[1]).forEach((t, list) -> {
                TreeMap<Long, MinuteStats> minutes = byTarget.computeIfAbsent(t, k -> new TreeMap<>());
                list.forEach(m -> minutes.put(m.minuteEpochMillis(), m));
            });
        }
        Map<Long, List<MinuteStats>> out = new LinkedHashMap<>();
        byTarget.forEach((t, minutes) -> out.put(t, List.copyOf(minutes.values())));
        return out;
    }

    /** A rollup's p50, p95, p99 and histogram from column {@code first} on. */
    private static MinuteStats.Latency latency(ResultSet rs, int first) throws SQLException {
        return MinuteStats.Latency.stored(micros(rs, first), micros(rs, first + 1), micros(rs, first + 2),
                rs.getBytes(first + 3));
    }

    private static long micros(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? -1 : v;
    }

    private long targetId(String name, String kind) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM target WHERE name = ? AND kind = ?")) {
            ps.setString(1, name);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    @Override
    public synchronized void close() {
        StoreFile.close(connection);
    }
}
