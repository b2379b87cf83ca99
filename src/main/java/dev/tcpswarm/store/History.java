package dev.tcpswarm.store;

import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.monitor.SummaryPeriod;
import dev.tcpswarm.report.LatencyBuckets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.IntCountsHistogram;

/**
 * A past period of monitoring, as {@code tcpswarm monitor report} shows it: the daily table's rows
 * (one per service per summary period, stamped with the period's end, periods aligned to local
 * midnight as the daily files are), each service's probes, failures, uptime and percentiles over the
 * whole period (from the merged per-minute histograms: exact), and the state changes. A probe counts
 * in the period where it started. Computed once from a {@link StoreReader}; immutable.
 */
public record History(long fromEpochMillis, long toEpochMillis, long everyMillis, List<Row> rows,
        List<ServiceTotals> services, List<Change> changes) {

    /** One line of the daily table. */
    public record Row(long endEpochMillis, String service, LatencyBuckets buckets) {
    }

    /**
     * A service over the whole period, each latency's percentiles from its minutes' merged histograms
     * (-1 where no probe has it).
     *
     * @param connect the open probes' connect times
     * @param tls the open probes' TLS handshake times, apart from the connect
     * @param response the answered conversations' response times, over the minutes that hold them
     *     (not those rolled up before store v6 and not filled in by its migration)
     */
    public record ServiceTotals(String service, long probes, long failures, MinuteStats.Latency connect,
            MinuteStats.Latency tls, MinuteStats.Latency response) {
        /** Open probes over all probes; NaN without probes. */
        public double uptime() {
            return probes == 0 ? Double.NaN : (probes - failures) / (double) probes;
        }

        /** The connect time's percentiles. */
        public long p50Micros() {
            return connect.p50Micros();
        }

        public long p95Micros() {
            return connect.p95Micros();
        }

        public long p99Micros() {
            return connect.p99Micros();
        }
    }

    /** A state change of a service or group. */
    public record Change(long epochMillis, String name, boolean group, String from, String to, String reason) {
    }

    /** Reads [from, to) with table rows every {@code everyMillis}, aligned to midnight in {@code zone}. */
    public static History read(StoreReader reader, long from, long to, long everyMillis, ZoneId zone)
            throws SQLException {
        Map<String, List<MinuteStats>> minutes = reader.minutesOfAll(from, to);
        List<Row> rows = new ArrayList<>();
        List<ServiceTotals> totals = new ArrayList<>();
        for (Map.Entry<String, List<MinuteStats>> e : minutes.entrySet()) {
            IntCountsHistogram all = PeriodStats.newConnectMicros();
            IntCountsHistogram allTls = PeriodStats.newConnectMicros();
            IntCountsHistogram allResponses = PeriodStats.newConnectMicros();
            long probes = 0;
            long failures = 0;
            Map<Long, Period> periods = new LinkedHashMap<>();
            for (MinuteStats m : e.getValue()) {
                probes += m.probes();
                failures += m.failures();
                all.add(m.histogram());
                allTls.add(m.tls().histogram());
                allResponses.add(m.response().histogram());
                long end = Math.min(to, SummaryPeriod.endOf(Math.max(from, m.minuteEpochMillis()), everyMillis, zone));
                Period p = periods.computeIfAbsent(end, k -> new Period());
                p.histogram.add(m.histogram());
                p.failures += m.failures();
            }
            periods.forEach((end, p) -> rows.add(new Row(end, e.getKey(), LatencyBuckets.of(p.histogram, p.failures))));
            totals.add(new ServiceTotals(e.getKey(), probes, failures, MinuteStats.Latency.of(all),
                    MinuteStats.Latency.of(allTls), MinuteStats.Latency.of(allResponses)));
        }
        rows.sort((a, b) -> Long.compare(a.endEpochMillis(), b.endEpochMillis()));
        return new History(from, to, everyMillis, List.copyOf(rows), List.copyOf(totals), reader.changes(from, to));
    }

    /** One service's figures in one table period. */
    private static final class Period {
        final IntCountsHistogram histogram = PeriodStats.newConnectMicros();
        long failures;
    }

    /**
     * The same history with its services in {@code order} (the config's), those not in it after them
     * in the store's order; the table's rows stay by period, then in that order within each.
     */
    public History inOrder(List<String> order) {
        Map<String, Integer> rank = new HashMap<>();
        order.forEach(name -> rank.putIfAbsent(name, rank.size()));
        services.forEach(t -> rank.putIfAbsent(t.service(), rank.size()));
        List<ServiceTotals> sortedServices = new ArrayList<>(services);
        sortedServices.sort(Comparator.comparingInt(t -> rank.get(t.service())));
        List<Row> sortedRows = new ArrayList<>(rows);
        sortedRows.sort(Comparator.comparingLong(Row::endEpochMillis)
                .thenComparingInt(r -> rank.getOrDefault(r.service(), Integer.MAX_VALUE)));
        return new History(fromEpochMillis, toEpochMillis, everyMillis, List.copyOf(sortedRows),
                List.copyOf(sortedServices), changes);
    }

    /** Used by {@link StoreReader#changes}: reads state-change rows. */
    static List<Change> readChanges(PreparedStatement ps) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Change(rs.getLong(1), rs.getString(2), rs.getString(3).equals("group"), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        }
        return List.copyOf(out);
    }
}
