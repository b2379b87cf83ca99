package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.LoggingConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.report.LatencyBuckets;
import dev.tcpswarm.stats.LatencyRanges;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Each service's figures per summary period: an HdrHistogram of connect times (microseconds, two
 * significant digits: a few kilobytes per service) and the failed count, which make the daily
 * table's buckets; and the probes' start lag against their plan since the start. A probe counts in
 * the period where it <em>started</em> ({@link SummaryPeriod#endOf}, the rule {@code monitor report}
 * applies to the store), not where its result arrived: one that reports after the boundary it
 * started before still joins the period that ends there, one started on the boundary the next. At
 * each summary it freezes the period's rows for the outputs that follow it ({@link ConsoleOutput},
 * {@link DailyLog}). Pipeline thread only.
 */
public final class PeriodStats implements MonitorListener {
    /** Connect times above an hour are counted as an hour. */
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final ZoneId zone;
    /** The services in config order; true for those removed by a reload (their last row is still due). */
    private final Map<String, Boolean> services = new LinkedHashMap<>();
    /** The figures of the periods not summarised yet, by their end: the one under way, and the next once it has probes. */
    private final TreeMap<Long, Map<String, ServicePeriod>> periods = new TreeMap<>();
    private long everyMillis = LoggingConfig.DEFAULT_SUMMARY_EVERY_NANOS / 1_000_000L;
    private final Histogram startLagMicros = new Histogram(HIGHEST_MICROS, 2);
    private static final ServicePeriod EMPTY = new ServicePeriod();
    private List<Row> lastRows = List.of();
    private SummaryPeriod lastPeriod;

    /** One service's line of a summary table. */
    public record Row(String service, LatencyBuckets buckets, long p50Micros, long p99Micros) {
    }

    private static final class ServicePeriod {
        final IntCountsHistogram connectMicros = newConnectMicros();
        long failed;

        void add(ServicePeriod other) {
            connectMicros.add(other.connectMicros);
            failed += other.failed;
        }
    }

    /** @param zone the monitor's time zone, whose midnights the periods are counted from */
    public PeriodStats(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * A histogram of connect times like the daily table's: the store's rollups use the same, so a
     * period's buckets and percentiles come out the same from either.
     */
    public static IntCountsHistogram newConnectMicros() {
        return new IntCountsHistogram(HIGHEST_MICROS, 2);
    }

    /** A connect time as such a histogram records it: microseconds, at most an hour. */
    public static long connectMicros(long connectNanos) {
        return Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(connectNanos));
    }

    @Override
    public void started(MonitorConfig config) {
        everyMillis = SummaryCalendar.everyMillis(config.logging().summaryEveryNanos());
        for (var s : config.services()) {
            services.put(s.name(), false);
        }
    }

    @Override
    public void probed(ProbeResult r) {
        startLagMicros.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(r.startLagNanos())));
        if (r.maintenance() != null) {
            return; // a maintenance window's probes count in no table (nor in the store's history)
        }
        services.putIfAbsent(r.service(), false);
        ServicePeriod p = periods.computeIfAbsent(SummaryPeriod.endOf(r.epochMillis(), everyMillis, zone),
                k -> new HashMap<>()).computeIfAbsent(r.service(), k -> new ServicePeriod());
        if (r.open()) {
            p.connectMicros.recordValue(LatencyRanges.recordable(p.connectMicros, connectMicros(r.connectNanos())));
        } else {
            p.failed++;
        }
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        everyMillis = SummaryCalendar.everyMillis(config.logging().summaryEveryNanos());
        for (String gone : changes.removedServices()) {
            services.replace(gone, true); // its figures so far still make the next summary's row
        }
        for (var s : config.services()) {
            services.put(s.name(), false);
        }
    }

    @Override
    public void summary(SummaryPeriod period) {
        // the period's probes: those started before its end (the last takes all; a probe that reported
        // later than the summary waits for it, which the pipeline avoids, joins the next one)
        Map<Long, Map<String, ServicePeriod>> due = period.last() ? periods : periods.headMap(period.endEpochMillis(), true);
        Map<String, ServicePeriod> merged = new HashMap<>();
        for (Map<String, ServicePeriod> byService : due.values()) {
            byService.forEach((name, p) -> merged.computeIfAbsent(name, k -> new ServicePeriod()).add(p));
        }
        due.clear();
        List<Row> rows = new ArrayList<>();
        for (var it = services.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ServicePeriod p = merged.getOrDefault(e.getKey(), EMPTY);
            rows.add(new Row(e.getKey(), LatencyBuckets.of(p.connectMicros, p.failed),
                    p.connectMicros.getTotalCount() == 0 ? -1 : p.connectMicros.getValueAtPercentile(50),
                    p.connectMicros.getTotalCount() == 0 ? -1 : p.connectMicros.getValueAtPercentile(99)));
            if (e.getValue()) {
                it.remove();
            }
        }
        lastRows = List.copyOf(rows);
        lastPeriod = period;
    }

    /** The rows of the latest summary, in config order. */
    public List<Row> lastRows() {
        return lastRows;
    }

    /** The latest summary's period, or null before the first. */
    public SummaryPeriod lastPeriod() {
        return lastPeriod;
    }

    /** Every probe's start lag against its plan since the start, in microseconds. */
    public Histogram startLagMicros() {
        return startLagMicros;
    }
}
