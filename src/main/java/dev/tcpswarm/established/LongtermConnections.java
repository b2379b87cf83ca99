package dev.tcpswarm.established;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * tcp_established_exporter's metric, for its users' dashboards and alerts (served beside tcpswarm's
 * own in {@code --compat tcp_established_exporter} mode):
 * {@code netstat_tcp_longterm_connections_total{port,tcp_version}}, the long-lived connections per
 * local port and IP version ({@code 4} or {@code 6}), a gauge despite its {@code _total} as in the
 * original. As there, a port's series stays, at 0, once its last connection has closed, so that
 * {@code == 0} alerts fire. The scan thread calls {@link #published}; the HTTP threads collect.
 */
public final class LongtermConnections implements MultiCollector {
    public static final String NAME = "netstat_tcp_longterm_connections_total";

    /** Every (port, version) seen so far, with its latest long-lived count. Replaced whole on each scan. */
    private final AtomicReference<Map<String, Long>> counts = new AtomicReference<>(Map.of());

    /** The counts of a successful scan; ports seen before and absent now read 0. */
    public void published(EstablishedSnapshot snapshot) {
        Map<String, Long> next = new TreeMap<>();
        counts.get().keySet().forEach(k -> next.put(k, 0L));
        for (PortCount row : snapshot.rows()) {
            next.merge(row.port() + " " + (row.family() == Family.IPV6 ? "6" : "4"), (long) row.longLived(), Long::sum);
        }
        counts.set(Map.copyOf(next));
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(NAME)
                .help("Long-lived inbound TCP connections per local port and IP version (tcp_established_exporter's metric)");
        new TreeMap<>(counts.get()).forEach((key, value) -> {
            String[] pv = key.split(" ");
            gauge.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("port", pv[0], "tcp_version", pv[1])).value(value).build());
        });
        return MetricSnapshots.of(gauge.build());
    }
}
