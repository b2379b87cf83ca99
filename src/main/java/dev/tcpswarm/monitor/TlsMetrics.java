package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The TLS side of the monitor's metrics, next to {@link MonitorMetrics} in the one registry: the
 * handshake's time apart from the connect's ({@code tcpswarm_monitor_tls_duration_seconds}), and
 * the certificate's end as blackbox_exporter gives it ({@code probe_ssl_earliest_cert_expiry}: the
 * earliest not-after in the chain the server sent, Unix seconds). Series exist for TLS services
 * only, from their first completed handshake; a reload removes those of services gone or no longer
 * on TLS. Pipeline thread (the exporter reads concurrently; client_java is thread-safe).
 */
public final class TlsMetrics implements MonitorListener {
    private static final double[] HANDSHAKE_BUCKETS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10};

    private final Histogram handshake;
    private final Gauge expiry;

    public TlsMetrics(PrometheusRegistry registry) {
        handshake = Histogram.builder().name("tcpswarm_monitor_tls_duration").unit(Unit.SECONDS)
                .help("Time of the TLS handshake after the connect, completed handshakes only").labelNames("service")
                .classicOnly().classicUpperBounds(HANDSHAKE_BUCKETS).withoutExemplars().register(registry);
        expiry = Gauge.builder().name("tcpswarm_monitor_certificate_expiry_timestamp").unit(Unit.SECONDS)
                .help("The earliest not-after in the certificate chain the service sent, as a Unix timestamp")
                .labelNames("service").withoutExemplars().register(registry);
    }

    @Override
    public void probed(ProbeResult r) {
        if (r.tlsNanos() >= 0) {
            handshake.labelValues(r.service()).observe(r.tlsNanos() / 1e9);
        }
        CertificateFacts c = r.certificate();
        if (c != null) {
            expiry.labelValues(r.service()).set(c.earliestNotAfter().getEpochSecond());
        }
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        for (String s : changes.removedServices()) {
            handshake.remove(s);
            expiry.remove(s);
        }
        for (ServiceConfig s : config.services()) {
            if (s.tls() == null) {
                handshake.remove(s.name());
                expiry.remove(s.name());
            }
        }
    }
}
