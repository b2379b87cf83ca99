package dev.tcpswarm.cli;

import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.ConfigSection;
import dev.tcpswarm.monitor.config.EvaluationConfig;
import dev.tcpswarm.monitor.config.LogsSection;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            EvaluationConfig one = s.evaluation().singleProbe();
            services.add(s.withEvaluation(one));
        }
        return new MonitorConfig(c.source(), List.copyOf(services), c.groups(), c.evaluation(), List.of(), c.channels(),
                c.logging(), null, c.extensions());
    }

    /**
     * {@code next}, but with the running log directory, metrics address and extension sections (the
     * store): those need a restart. The maintenance windows and the access logs (sources, as the
     * services) are next's.
     */
    static MonitorConfig keepServing(MonitorConfig next, MonitorConfig running) {
        Map<String, Object> sections = new LinkedHashMap<>(running.extensions());
        List<ConfigSection<?>> reloadedSections = new ArrayList<>(ConfigReader.BUILT_IN_BY_KEY);
        reloadedSections.add(LogsSection.INSTANCE);
        for (ConfigSection<?> reloaded : reloadedSections) { // the maintenance windows, the access logs
            sections.remove(reloaded.key());
            Object value = next.extension(reloaded);
            if (value != null) {
                sections.put(reloaded.key(), value);
            }
        }
        return new MonitorConfig(next.source(), next.services(), next.groups(), next.evaluation(), next.alerts(),
                next.channels(), next.logging().withDir(running.logging().dir()), running.metricsListen(),
                Map.copyOf(sections));
    }
}
