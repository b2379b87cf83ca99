package dev.tcpswarm.monitor.config;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code tcpswarm monitor} was told: an immutable model, read by {@link ConfigReader}
 * from a YAML file or built for the quick watch. Reload replaces it whole.
 *
 * @param source the file it came from (for messages), or {@code command line}
 * @param metricsListen where {@code /metrics} is served; null for no HTTP server
 * @param extensions the sections added by {@link ConfigSection}s, by key
 */
public record MonitorConfig(String source, List<ServiceConfig> services, List<GroupConfig> groups,
        EvaluationConfig evaluation, List<AlertConfig> alerts, Map<String, ChannelConfig> channels,
        LoggingConfig logging, InetSocketAddress metricsListen, Map<String, Object> extensions) {

    public Optional<ServiceConfig> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The maintenance windows ({@link MaintenanceSection}); none when the file has no such section. */
    public MaintenanceSchedule maintenance() {
        MaintenanceSchedule m = extension(MaintenanceSection.INSTANCE);
        return m != null ? m : MaintenanceSchedule.NONE;
    }

    public Optional<GroupConfig> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The access logs of the {@code logs} section, in file order. */
    public List<LogConfig> logs() {
        List<LogConfig> logs = extension(LogsSection.INSTANCE);
        return logs == null ? List.of() : logs;
    }

    /** The named access log. */
    public Optional<LogConfig> log(String name) {
        return logs().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The value of an extra section, or null when its reader gave none. */
    public <T> T extension(ConfigSection<T> section, Class<T> type) {
        return type.cast(extensions.get(section.key()));
    }

    /** The value of an extra section, or null when its reader gave none. */
    @SuppressWarnings("unchecked") // put under the section's key by its own read (or withOption)
    public <T> T extension(ConfigSection<T> section) {
        return (T) extensions.get(section.key());
    }

    /** The same config with {@code value} as the section {@code key}'s (from a command-line option such as {@code --store}). */
    public MonitorConfig withExtension(String key, Object value) {
        Map<String, Object> next = new java.util.LinkedHashMap<>(extensions);
        next.put(key, value);
        return new MonitorConfig(source, services, groups, evaluation, alerts, channels, logging, metricsListen,
                Map.copyOf(next));
    }

    /** The same config with another log directory (from {@code --log-dir}). */
    public MonitorConfig withLogDir(java.nio.file.Path dir) {
        return new MonitorConfig(source, services, groups, evaluation, alerts, channels, logging.withDir(dir),
                metricsListen, extensions);
    }

    /** The same config with another metrics address (from {@code --metrics}). */
    public MonitorConfig withMetrics(InetSocketAddress listen) {
        return new MonitorConfig(source, services, groups, evaluation, alerts, channels, logging, listen, extensions);
    }
}
