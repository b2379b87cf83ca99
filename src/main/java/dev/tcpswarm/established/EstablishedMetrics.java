package dev.tcpswarm.established;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The exporter's metrics, for Prometheus client_java's registry: built at each scrape from the
 * latest {@link EstablishedSnapshot}, which the scan thread publishes whole through one atomic
 * reference. So a scrape always shows one scan (never half of two), ports that are gone simply
 * have no series any more, and nothing is counted from two threads. Gauges carry no
 * {@code _total}; the two counters get it from the exposition format.
 *
 * <p>{@link #published} and {@link #scanFailed} are called by the scan thread; {@link #collect()}
 * by the HTTP server's threads.
 */
public final class EstablishedMetrics implements MultiCollector {
    public static final String CONNECTIONS = "tcpswarm_established_connections";
    public static final String LONG_LIVED = "tcpswarm_established_long_lived_connections";
    public static final String OLDEST_AGE = "tcpswarm_established_oldest_age_seconds";
    public static final String SCAN_DURATION = "tcpswarm_established_scan_duration_seconds";
    public static final String TRACKING = "tcpswarm_established_tracking_seconds";
    public static final String MIN_AGE = "tcpswarm_established_min_age_seconds";
    public static final String SCANS = "tcpswarm_established_scans";
    public static final String SCAN_ERRORS = "tcpswarm_established_scan_errors";

    /** What a scrape shows: the latest good scan (null after a failed one), and the scan counts. */
    private record State(EstablishedSnapshot snapshot, long scans, long scanErrors) {
    }

    private final boolean simple;
    private final long minAgeNanos;
    private final AtomicReference<State> state = new AtomicReference<>(new State(null, 0, 0));

    /**
     * @param simple one unlabelled long-lived gauge for all ports and families instead of the
     *     per-port, per-family series
     */
    public EstablishedMetrics(boolean simple, long minAgeNanos) {
        this.simple = simple;
        this.minAgeNanos = minAgeNanos;
    }

    /** A scan succeeded: scrapes show it from now on. */
    public void published(EstablishedSnapshot snapshot) {
        state.updateAndGet(s -> new State(snapshot, s.scans() + 1, s.scanErrors()));
    }

    /** A scan failed: scrapes show no connection counts (rather than stale ones) until one succeeds. */
    public void scanFailed() {
        state.updateAndGet(s -> new State(null, s.scans() + 1, s.scanErrors() + 1));
    }

    @Override
    public MetricSnapshots collect() {
        State s = state.get();
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        EstablishedSnapshot snap = s.snapshot();
        if (snap != null) {
            if (simple) {
                out.metricSnapshot(gauge(LONG_LIVED, "Inbound established connections at least the minimum age old, "
                        + "all ports and families together").dataPoint(point(Labels.EMPTY, snap.totalLongLived()))
                        .build());
            } else {
                GaugeSnapshot.Builder connections = gauge(CONNECTIONS,
                        "Inbound established connections per local port and IP family");
                GaugeSnapshot.Builder longLived = gauge(LONG_LIVED,
                        "Inbound established connections at least the minimum age old, per local port and IP family");
                for (PortCount row : snap.rows()) {
                    Labels labels = Labels.of("port", Integer.toString(row.port()), "family", row.family().label());
                    connections.dataPoint(point(labels, row.established()));
                    longLived.dataPoint(point(labels, row.longLived()));
                }
                GaugeSnapshot.Builder oldest = gauge(OLDEST_AGE,
                        "Time since the oldest inbound connection to the port was first seen").unit(Unit.SECONDS);
                for (Map.Entry<Integer, Long> port : snap.oldestAgeNanosByPort().entrySet()) {
                    oldest.dataPoint(point(Labels.of("port", port.getKey().toString()), seconds(port.getValue())));
                }
                out.metricSnapshot(connections.build()).metricSnapshot(longLived.build())
                        .metricSnapshot(oldest.build());
            }
            out.metricSnapshot(gauge(SCAN_DURATION, "How long the latest scan of the tcp and tcp6 tables took")
                    .unit(Unit.SECONDS).dataPoint(point(Labels.EMPTY, seconds(snap.scanDurationNanos()))).build());
            out.metricSnapshot(gauge(TRACKING, "How long connections have been tracked; long-lived counts are "
                    + "complete once this reaches the minimum age").unit(Unit.SECONDS)
                    .dataPoint(point(Labels.EMPTY, seconds(snap.trackingNanos()))).build());
        }
        out.metricSnapshot(gauge(MIN_AGE, "The age from which a connection counts as long-lived (--min-age)")
                .unit(Unit.SECONDS).dataPoint(point(Labels.EMPTY, seconds(minAgeNanos))).build());
        out.metricSnapshot(counter(SCANS, "Scans of the tcp and tcp6 tables", s.scans()));
        out.metricSnapshot(counter(SCAN_ERRORS, "Scans that failed (the table could not be read)", s.scanErrors()));
        return out.build();
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
