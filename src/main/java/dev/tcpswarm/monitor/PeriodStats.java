package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.report.LatencyBuckets;
import dev.tcpswarm.stats.LatencyRanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Each service's figures since the last summary: an HdrHistogram of connect times (microseconds,
 * two significant digits: a few kilobytes per service) and the failed count, which make the daily
 * table's buckets; and the probes' start lag against their plan since the start. At each summary it
 * freezes the period's rows for the outputs that follow it ({@link ConsoleOutput},
 * {@link DailyLog}) and starts afresh. Pipeline thread only.
 */
public final class PeriodStats implements MonitorListener {
    /** Connect times above an hour are counted as an hour. */
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Map<String, ServicePeriod> services = new LinkedHashMap<>();
    private final Histogram startLagMicros = new Histogram(HIGHEST_MICROS, 2);
    private List<Row> lastRows = List.of();
    private SummaryPeriod lastPeriod;

    /** One service's line of a summary table. */
    public record Row(String service, LatencyBuckets buckets, long p50Micros, long p99Micros) {
    }

    private static final class ServicePeriod {
        final IntCountsHistogram connectMicros = newConnectMicros();
        long failed;
        boolean removed;
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
        for (var s : config.services()) {
            services.put(s.name(), new ServicePeriod());
        }
    }

    @Override
    public void probed(ProbeResult r) {
        startLagMicros.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(r.startLagNanos())));
        if (r.maintenance() != null) {
            return; // a maintenance window's probes count in no table (nor in the store's history)
        }
        ServicePeriod p = services.computeIfAbsent(r.service(), k -> new ServicePeriod());
        if (r.open()) {
            p.connectMicros.recordValue(LatencyRanges.recordable(p.connectMicros, connectMicros(r.connectNanos())));
        } else {
            p.failed++;
        }
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        for (String gone : changes.removedServices()) {
            ServicePeriod p = services.get(gone);
            if (p != null) {
                p.removed = true; // its figures so far still make the next summary's row
            }
        }
        for (var s : config.services()) {
            ServicePeriod p = services.computeIfAbsent(s.name(), k -> new ServicePeriod());
            p.removed = false;
        }
    }

    @Override
    public void summary(SummaryPeriod period) {
        List<Row> rows = new ArrayList<>();
        for (var it = services.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ServicePeriod p = e.getValue();
            rows.add(new Row(e.getKey(), LatencyBuckets.of(p.connectMicros, p.failed),
                    p.connectMicros.getTotalCount() == 0 ? -1 : p.connectMicros.getValueAtPercentile(50),
                    p.connectMicros.getTotalCount() == 0 ? -1 : p.connectMicros.getValueAtPercentile(99)));
            if (p.removed) {
                it.remove();
            } else {
                p.connectMicros.reset();
                p.failed = 0;
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
