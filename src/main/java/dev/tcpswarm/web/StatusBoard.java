package dev.tcpswarm.web;

import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.monitor.ConfigChanges;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.ServiceState;
import dev.tcpswarm.monitor.StateChange;
import dev.tcpswarm.monitor.TrafficWindow;
import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.config.GroupConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the status page shows as "now": the config in force, each service's and group's state, why
 * and since when, each service's last probe, each access log's window, and the alerts firing. A sink that mirrors the monitor's own states: it
 * starts from the same remembered states the monitor resumes from, follows every change, and after
 * a reload starts the added and changed services afresh as the monitor does. The pipeline thread
 * writes; the HTTP threads read (concurrent maps, a volatile config).
 */
public final class StatusBoard implements MonitorListener {
    /** A service's or group's state, why, and since when (0: not known). */
    public record Standing(ServiceState state, String reason, long sinceEpochMillis) {
    }

    /**
     * A service's last probe: when, its result key ({@code open}, {@code refused}, {@code tls_expired}),
     * its connect time (-1 when it did not open), its TLS handshake's time (-1 when none completed),
     * the certificate the server showed (null for none), the protocol ALPN chose (null for none), a
     * conversation's response time (-1 when none answered) and the first line the server said
     * (escaped; null for none).
     */
    public record LastProbe(long epochMillis, String outcome, long connectNanos, long tlsNanos,
            CertificateFacts certificate, String alpn, long responseNanos, String answer) {
    }

    private final Resume resume;
    private volatile MonitorConfig config;
    private final Map<String, Standing> services = new ConcurrentHashMap<>();
    private final Map<String, Standing> groups = new ConcurrentHashMap<>();
    private final Map<String, LastProbe> lastProbes = new ConcurrentHashMap<>();
    private final Map<String, TrafficWindow> trafficWindows = new ConcurrentHashMap<>();
    private final Map<String, AlertEvent> firing = new ConcurrentHashMap<>();

    /** @param resume where the monitor resumes from (the same the store gave it) */
    public StatusBoard(Resume resume) {
        this.resume = resume;
    }

    @Override
    public String name() {
        return "status page";
    }

    /** The config in force; null before the monitor started. */
    public MonitorConfig config() {
        return config;
    }

    /** A service's standing; UNKNOWN before its first verdict. */
    public Standing service(String name) {
        return services.getOrDefault(name, new Standing(ServiceState.UNKNOWN, "no probe yet", 0));
    }

    /** A group's standing; UNKNOWN before its first verdict. */
    public Standing group(String name) {
        return groups.getOrDefault(name, new Standing(ServiceState.UNKNOWN, "no member judged yet", 0));
    }

    /** The service's last probe, or null. */
    public LastProbe lastProbe(String service) {
        return lastProbes.get(service);
    }

    @Override
    public void started(MonitorConfig started) {
        for (Resume.LastState s : resume.states()) {
            boolean known = s.group() ? started.group(s.name()).isPresent() : started.service(s.name()).isPresent();
            if (known && s.state() != ServiceState.UNKNOWN) {
                (s.group() ? groups : services).put(s.name(), new Standing(s.state(), s.reason(), s.sinceEpochMillis()));
            }
        }
        config = started;
    }

    @Override
    public void probed(ProbeResult r) {
        lastProbes.put(r.service(), new LastProbe(r.epochMillis(), r.outcome().key(),
                r.connectNanos() >= 0 ? r.connectNanos() : -1, r.tlsNanos(), r.certificate(), r.alpn(), r.responseNanos(),
                r.answer()));
    }

    @Override
    public void trafficWindow(TrafficWindow w) {
        trafficWindows.put(w.source(), w);
    }

    /** An access log's latest window, or null before its first final second. */
    public TrafficWindow trafficWindow(String log) {
        return trafficWindows.get(log);
    }

    @Override
    public void alert(AlertEvent e) {
        switch (e.event()) {
            case FIRING, SUPPRESSED -> firing.put(e.alert(), e);
            case RESOLVED -> firing.remove(e.alert());
            default -> {
                // a reminder changes nothing
            }
        }
    }

    /** The alerts firing now on {@code target}, by the event that started each. */
    public java.util.List<AlertEvent> firingOn(String target) {
        return firing.values().stream().filter(e -> e.target().equals(target))
                .sorted(java.util.Comparator.comparing(AlertEvent::alert)).toList();
    }

    @Override
    public void stateChanged(StateChange c) {
        (c.group() ? groups : services).put(c.name(), new Standing(c.to(), c.reason(), c.epochMillis()));
    }

    @Override
    public void reloaded(MonitorConfig next, ConfigChanges changes) {
        for (String name : changes.removedServices()) {
            services.remove(name);
            lastProbes.remove(name);
        }
        for (String name : changes.addedServices()) {
            services.remove(name);
            lastProbes.remove(name);
        }
        for (String name : changes.changedServices()) {
            services.remove(name);
            lastProbes.remove(name);
        }
        groups.keySet().removeIf(g -> next.group(g).isEmpty());
        trafficWindows.keySet().removeIf(l -> next.log(l).isEmpty());
        firing.keySet().removeIf(a -> next.alerts().stream().noneMatch(c -> c.name().equals(a)));
        config = next;
    }

    /** The groups a service belongs to, in config order. */
    public static java.util.List<String> groupsOf(MonitorConfig config, String service) {
        return config.groups().stream().filter(g -> g.members().contains(service)).map(GroupConfig::name).toList();
    }

    /** The services in force, in config order. */
    public java.util.List<ServiceConfig> servicesInForce() {
        MonitorConfig c = config;
        return c == null ? java.util.List.of() : c.services();
    }
}
