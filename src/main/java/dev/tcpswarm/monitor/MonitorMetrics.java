package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.AlertConfig;
import dev.tcpswarm.monitor.config.GroupConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashSet;
import java.util.Set;

/**
 * The monitor's Prometheus metrics, through client_java: probes by result, connect and lookup
 * times, the last probe's success, service, group and alert states, notifications by outcome, and
 * the probes' start lag. Base units, {@code _total} only on counters, names and never addresses as
 * labels. A reload removes the series of services, groups and alerts that are gone. Pipeline thread
 * (the exporter reads concurrently; client_java is thread-safe).
 */
public final class MonitorMetrics implements MonitorListener {
    private static final double[] CONNECT_BUCKETS =
            {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10};

    private final Counter probes;
    private final Histogram connect;
    private final Histogram dns;
    private final Histogram response;
    private final Gauge success;
    private final Gauge serviceState;
    private final Gauge groupState;
    private final Gauge alertFiring;
    private final Counter notifications;
    private final Histogram startLag;
    private final MonitorClock clock;
    private final Gauge reloadSuccessful;
    private final Gauge reloadSeconds;
    private final Gauge groupConnect;
    /** Each service's last connect time in nanoseconds, -1 when its last probe did not open. */
    private final java.util.Map<String, Long> lastConnectNanos = new java.util.HashMap<>();
    private MonitorConfig current;
    private final Set<String> services = new HashSet<>();
    private final Set<String> groups = new HashSet<>();
    private final Set<String> alerts = new HashSet<>();

    public MonitorMetrics(PrometheusRegistry registry) {
        this(registry, MonitorClock.SYSTEM);
    }

    /** @param clock stamps the reloads */
    public MonitorMetrics(PrometheusRegistry registry, MonitorClock clock) {
        this.clock = clock;
        reloadSuccessful = Gauge.builder().name("tcpswarm_monitor_config_last_reload_successful")
                .help("1 when the last reload of the config (SIGHUP) was put in force, 0 when it was refused"
                        + " (as Prometheus's own prometheus_config_last_reload_successful)")
                .withoutExemplars().register(registry);
        groupConnect = Gauge.builder().name("tcpswarm_monitor_group_connect_seconds")
                .help("The average of the group's members' last connect times (members whose last probe opened)")
                .labelNames("group").withoutExemplars().register(registry);
        reloadSeconds = Gauge.builder().name("tcpswarm_monitor_config_last_reload_success_timestamp_seconds")
                .help("When the config in force was loaded (the start, or the last reload that succeeded), Unix seconds")
                .withoutExemplars().register(registry);
        probes = Counter.builder().name("tcpswarm_monitor_probes_total")
                .help("Probes by service and result (open, timeout, refused, reset, unreachable, dns, other; a failed TLS "
                        + "handshake by its reason: tls_expired, tls_unknown_authority, ...; a failed conversation by "
                        + "its reason: no_answer, unexpected_answer, closed_before_answer, starttls_refused)")
                .labelNames("service", "result").withoutExemplars().register(registry);
        connect = Histogram.builder().name("tcpswarm_monitor_connect_duration").unit(Unit.SECONDS)
                .help("Time from connect() to established, open probes only").labelNames("service")
                .classicOnly().classicUpperBounds(CONNECT_BUCKETS).withoutExemplars().register(registry);
        response = Histogram.builder().name("tcpswarm_monitor_response_duration").unit(Unit.SECONDS)
                .help("How long the server took to answer a conversation's expects (steps: or check:), summed, "
                        + "answered probes only").labelNames("service")
                .classicOnly().classicUpperBounds(CONNECT_BUCKETS).withoutExemplars().register(registry);
        dns = Histogram.builder().name("tcpswarm_monitor_dns_duration").unit(Unit.SECONDS)
                .help("Time of the name lookup of each probe (services given by name only)").labelNames("service")
                .classicOnly().classicUpperBounds(CONNECT_BUCKETS).withoutExemplars().register(registry);
        success = Gauge.builder().name("tcpswarm_monitor_probe_success")
                .help("1 when the service's last probe was open, else 0").labelNames("service").withoutExemplars().register(registry);
        serviceState = Gauge.builder().name("tcpswarm_monitor_service_state")
                .help("1 for the service's current state (unknown, up, degraded, down), 0 for the others")
                .labelNames("service", "state").withoutExemplars().register(registry);
        groupState = Gauge.builder().name("tcpswarm_monitor_group_state")
                .help("1 for the group's current state (unknown, up, degraded, down), 0 for the others")
                .labelNames("group", "state").withoutExemplars().register(registry);
        alertFiring = Gauge.builder().name("tcpswarm_monitor_alert_firing")
                .help("1 while the alert is firing").labelNames("alert").withoutExemplars().register(registry);
        notifications = Counter.builder().name("tcpswarm_monitor_notifications_total")
                .help("Alert notifications by channel and outcome (sent, failed; retry counts each retried attempt)")
                .labelNames("channel", "outcome").withoutExemplars().register(registry);
        startLag = Histogram.builder().name("tcpswarm_monitor_probe_start_lag").unit(Unit.SECONDS)
                .help("How late probes started against their planned time")
                .classicOnly().classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1)
                .withoutExemplars().register(registry);
    }

    @Override
    public void started(MonitorConfig config) {
        current = config;
        reloadSuccessful.set(1);
        reloadSeconds.set(clock.epochMillis() / 1000.0);
        declare(config);
    }

    /** Series for the services, groups and alerts not seen before: UNKNOWN, not firing. */
    private void declare(MonitorConfig config) {
        for (ServiceConfig s : config.services()) {
            if (services.add(s.name())) {
                setState(serviceState, s.name(), ServiceState.UNKNOWN);
                for (ProbeOutcome o : ProbeOutcome.values()) {
                    probes.labelValues(s.name(), o.key()).inc(0); // at 0 from the start: rate() works from the first scrape
                }
            }
        }
        for (GroupConfig g : config.groups()) {
            if (groups.add(g.name())) {
                setState(groupState, g.name(), ServiceState.UNKNOWN);
            }
        }
        for (AlertConfig a : config.alerts()) {
            if (alerts.add(a.name())) {
                alertFiring.labelValues(a.name()).set(0);
            }
        }
    }

    private static void setState(Gauge gauge, String name, ServiceState state) {
        for (ServiceState st : ServiceState.values()) {
            gauge.labelValues(name, st.key()).set(st == state ? 1 : 0);
        }
    }

    @Override
    public void probed(ProbeResult r) {
        probes.labelValues(r.service(), r.outcome().key()).inc();
        success.labelValues(r.service()).set(r.open() ? 1 : 0);
        if (r.open()) {
            connect.labelValues(r.service()).observe(r.connectNanos() / 1e9);
        }
        if (r.responseNanos() >= 0) {
            response.labelValues(r.service()).observe(r.responseNanos() / 1e9);
        }
        lastConnectNanos.put(r.service(), r.open() ? r.connectNanos() : -1L);
        if (current != null) {
            for (GroupConfig g : current.groups()) {
                if (g.members().contains(r.service())) {
                    long avg = averageConnectNanos(g.members(), lastConnectNanos::get);
                    if (avg < 0) {
                        groupConnect.remove(g.name());
                    } else {
                        groupConnect.labelValues(g.name()).set(avg / 1e9);
                    }
                }
            }
        }
        if (r.dnsNanos() >= 0) {
            dns.labelValues(r.service()).observe(r.dnsNanos() / 1e9);
        }
        startLag.observe(r.startLagNanos() / 1e9);
    }

    /**
     * A group's latency, as Kener gives one: the average of its members' last connect times, over the
     * members whose last probe opened; -1 when none did.
     *
     * @param lastConnectNanos a member's last connect time, -1 or null when it has none
     */
    public static long averageConnectNanos(java.util.List<String> members,
            java.util.function.Function<String, Long> lastConnectNanos) {
        long sum = 0;
        int n = 0;
        for (String m : members) {
            Long c = lastConnectNanos.apply(m);
            if (c != null && c >= 0) {
                sum += c;
                n++;
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    @Override
    public void stateChanged(StateChange c) {
        setState(c.group() ? groupState : serviceState, c.name(), c.to());
    }

    @Override
    public void alert(AlertEvent e) {
        switch (e.event()) {
            case FIRING, SUPPRESSED -> alertFiring.labelValues(e.alert()).set(1);
            case RESOLVED -> alertFiring.labelValues(e.alert()).set(0);
            default -> {
            }
        }
    }

    @Override
    public void notified(NotificationOutcome o) {
        notifications.labelValues(o.channel(), o.outcomeKey()).inc();
        if (o.attempts() > 1) {
            notifications.labelValues(o.channel(), "retry").inc(o.attempts() - 1);
        }
    }

    @Override
    public void reloadFailed(String source, String reason) {
        reloadSuccessful.set(0);
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        current = config;
        for (String s : changes.removedServices()) {
            lastConnectNanos.remove(s);
        }
        for (String g : changes.removedGroups()) {
            groupConnect.remove(g);
        }
        reloadSuccessful.set(1);
        reloadSeconds.set(clock.epochMillis() / 1000.0);
        for (String s : changes.removedServices()) {
            for (ProbeOutcome o : ProbeOutcome.values()) {
                probes.remove(s, o.key());
            }
            connect.remove(s);
            response.remove(s);
            dns.remove(s);
            success.remove(s);
            for (ServiceState st : ServiceState.values()) {
                serviceState.remove(s, st.key());
            }
            services.remove(s);
        }
        for (String s : changes.changedServices()) {
            setState(serviceState, s, ServiceState.UNKNOWN);
        }
        for (String g : changes.removedGroups()) {
            for (ServiceState st : ServiceState.values()) {
                groupState.remove(g, st.key());
            }
            groups.remove(g);
        }
        Set<String> kept = new HashSet<>();
        config.alerts().forEach(a -> kept.add(a.name()));
        for (String a : Set.copyOf(alerts)) {
            if (!kept.contains(a)) {
                alertFiring.remove(a);
                alerts.remove(a);
            }
        }
        declare(config);
    }
}
