package dev.tcpswarm.cli;

import dev.tcpswarm.monitor.config.EvaluationConfig;
import dev.tcpswarm.monitor.config.LogsSection;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import java.util.ArrayList;
import java.util.List;

/** The command's adjustments of a config: one probe decides ({@code --once}); what a reload keeps. */
final class MonitorConfigs {
    private MonitorConfigs() {
    }

    /**
     * For {@code --once}: one probe judges each service (open: UP, or DEGRADED past the latency
     * limit; failed after its attempts: DOWN); no alerts.
     */
    static MonitorConfig singleProbe(MonitorConfig c) {
        List<ServiceConfig> services = new ArrayList<>();
        for (ServiceConfig s : c.services()) {
            EvaluationConfig e = s.evaluation();
            EvaluationConfig one = new EvaluationConfig(e.windowNanos(), 1, e.degradedPercentile(), e.degradedLatencyNanos(),
                    null, 1, null, 1);
            services.add(new ServiceConfig(s.name(), s.host(), s.port(), s.intervalNanos(), s.timeoutMillis(), s.family(),
                    s.attempts(), s.labels(), one, s.tls()));
        }
        return new MonitorConfig(c.source(), List.copyOf(services), c.groups(), c.evaluation(), List.of(), c.channels(),
                c.logging(), null, c.extensions());
    }

    /**
     * {@code next}, but with the running log directory, metrics address and extension sections (the
     * store): those need a restart. The access logs are sources, and follow the reload as the services do.
     */
    static MonitorConfig keepServing(MonitorConfig next, MonitorConfig running) {
        return new MonitorConfig(next.source(), next.services(), next.groups(), next.evaluation(), next.alerts(),
                next.channels(), next.logging().withDir(running.logging().dir()), running.metricsListen(),
                running.extensions()).withExtension(LogsSection.INSTANCE.key(), next.logs());
    }
}
