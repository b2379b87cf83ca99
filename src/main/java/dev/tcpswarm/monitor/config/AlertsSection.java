package dev.tcpswarm.monitor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code alerts}: conditions on services, groups and access logs, and the channels they notify;
 * also the alert a log's {@code threshold} makes. Stateless.
 */
public final class AlertsSection implements ConfigSection<List<AlertConfig>> {
    public static final AlertsSection INSTANCE = new AlertsSection();
    private static final Set<String> KEYS = Set.of("name", "target", "when", "failure_threshold", "success_threshold",
            "send_resolved", "reminder", "check_every", "channels");

    /** How often an access log's alerts are checked unless told: every second of event time may be final. */
    static final long LOG_CHECK_NANOS = 1_000_000_000L;

    private AlertsSection() {
    }

    @Override
    public String key() {
        return "alerts";
    }

    @Override
    public List<AlertConfig> read(ConfigNode list, Earlier earlier) throws ConfigException {
        List<ServiceConfig> services = earlier.get(ServicesSection.INSTANCE);
        List<GroupConfig> groups = earlier.get(GroupsSection.INSTANCE);
        Map<String, ChannelConfig> channels = earlier.get(ChannelsSection.INSTANCE);
        List<LogConfig> logs = earlier.get(LogsSection.INSTANCE);
        List<AlertConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : ConfigValues.namedItems(list, KEYS,
                "an alert: a mapping with name, target and when").entrySet()) {
            String name = item.getKey();
            ConfigNode a = item.getValue();
            for (LogConfig l : logs) {
                if (l.threshold() != null && l.thresholdAlertName().equals(name)) {
                    throw a.get("name").error("'" + name + "' is the name of log " + l.name() + "'s threshold alert: "
                            + "rename this one, or drop the log's threshold");
                }
            }
            ConfigNode targetNode = a.get("target");
            String target = targetNode.text();
            boolean log = LogsSection.find(logs, target) != null;
            long defaultCheck = log ? LOG_CHECK_NANOS : targetInterval(target, services, groups);
            if (defaultCheck < 0) {
                throw targetNode.error("no service, group or log named '" + target + "'");
            }
            AlertConfig.Condition condition = condition(a.get("when"), log);
            List<String> names = a.get("channels").present() ? a.get("channels").texts() : List.of("stdout", "log");
            for (ConfigNode c : a.get("channels").items()) {
                if (!channels.containsKey(c.text())) {
                    throw c.error("no channel named '" + c.text() + "' (define it under channels, or use log or stdout)");
                }
            }
            if (!a.get("channels").isList()) {
                for (String n : names) {
                    if (!channels.containsKey(n)) {
                        throw a.get("channels").error("no channel named '" + n + "'");
                    }
                }
            }
            long reminder = a.get("reminder").present() ? a.get("reminder").durationNanos() : 0;
            out.add(new AlertConfig(name, target, condition, a.get("failure_threshold").integer(1, 1000, 1),
                    a.get("success_threshold").integer(1, 1000, 1), a.get("send_resolved").bool(true), reminder,
                    ConfigValues.interval(a.get("check_every"), defaultCheck), List.copyOf(names)));
        }
        for (LogConfig l : logs) {
            if (l.threshold() != null) {
                out.add(new AlertConfig(l.thresholdAlertName(), l.name(), new AlertConfig.TrafficCondition(
                        AlertConfig.Measure.REQUESTS_PER_SECOND, null, true, l.threshold(), 0), 1, 1, true, 0,
                        LOG_CHECK_NANOS, List.of("stdout", "log")));
            }
        }
        return List.copyOf(out);
    }

    /** An access log's alert: {@code {stat: requests_per_second | status_5xx_ratio | section_rate, above|below}}. */
    private static AlertConfig.Condition trafficCondition(ConfigNode when) throws ConfigException {
        String expected = "an access log's alert watches {stat: requests_per_second, above: 10}, {stat: "
                + "status_5xx_ratio, above: 0.05} or {stat: section_rate, section: /api, above: 5}";
        if (!when.isMapping()) {
            throw when.error("'" + when.text() + "': " + expected);
        }
        if (when.get("over").present()) {
            throw when.get("over").error("an access log's alerts look back over its window: set window under logs");
        }
        when.allowOnly(Set.of("stat", "above", "below", "section", "min_hits"));
        ConfigNode statNode = when.get("stat");
        AlertConfig.Measure measure = measure(statNode.text());
        if (measure == null) {
            throw statNode.error("'" + statNode.text() + "' is not a statistic of an access log: " + expected);
        }
        boolean above = when.get("above").present();
        if (above == when.get("below").present()) {
            throw when.error("give exactly one of above and below");
        }
        ConfigNode limitNode = when.get(above ? "above" : "below");
        boolean ratio = measure == AlertConfig.Measure.STATUS_5XX_RATIO;
        double limit = ratio ? limitNode.number(0, 1, true) : limitNode.number(0, 1e9, false);
        String section = null;
        ConfigNode sectionNode = when.get("section");
        if (measure == AlertConfig.Measure.SECTION_RATE) {
            section = sectionNode.text();
            if (!section.startsWith("/") || section.indexOf('/', 1) >= 0) {
                throw sectionNode.error("'" + section + "' is not a section: a path up to its second slash, e.g. /api");
            }
        } else if (sectionNode.present()) {
            throw sectionNode.error("only section_rate takes a section");
        }
        ConfigNode minHitsNode = when.get("min_hits");
        if (minHitsNode.present() && !ratio) {
            throw minHitsNode.error("only status_5xx_ratio takes min_hits");
        }
        long minHits = ratio ? minHitsNode.integer(1, Integer.MAX_VALUE, 10) : 0;
        return new AlertConfig.TrafficCondition(measure, section, above, limit, minHits);
    }

    private static AlertConfig.Measure measure(String stat) {
        try {
            return AlertConfig.Measure.valueOf(stat.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A service's interval, or the shortest of a group's members; -1 for a name that is neither. */
    private static long targetInterval(String target, List<ServiceConfig> services, List<GroupConfig> groups) {
        for (ServiceConfig s : services) {
            if (s.name().equals(target)) {
                return s.intervalNanos();
            }
        }
        for (GroupConfig g : groups) {
            if (g.name().equals(target)) {
                long shortest = Long.MAX_VALUE;
                for (ServiceConfig s : services) {
                    if (g.members().contains(s.name())) {
                        shortest = Math.min(shortest, s.intervalNanos());
                    }
                }
                return shortest == Long.MAX_VALUE ? ServiceDefaults.BUILT_IN.intervalNanos() : shortest;
            }
        }
        return -1;
    }

    private static AlertConfig.Condition condition(ConfigNode when, boolean log) throws ConfigException {
        if (!when.present()) {
            throw when.error(log ? "missing: say when it fires, e.g. {stat: requests_per_second, above: 10}"
                    : "missing: say when it fires: down, degraded, not_up, or {stat: avg, over: 2m, above: 200ms}");
        }
        if (log) {
            return trafficCondition(when);
        }
        if (!when.isMapping()) {
            try {
                return new AlertConfig.StateCondition(AlertConfig.When.valueOf(when.text().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw when.error("'" + when.text() + "' is not a state: use down, degraded or not_up, or a window "
                        + "{stat: avg, over: 2m, above: 200ms}");
            }
        }
        when.allowOnly(Set.of("stat", "over", "above", "below"));
        ConfigNode statNode = when.get("stat");
        if (measure(statNode.text()) != null) {
            throw statNode.error("'" + statNode.text() + "' is a statistic of an access log: target a log of the logs "
                    + "section");
        }
        AlertConfig.Stat stat;
        try {
            stat = AlertConfig.Stat.valueOf(statNode.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw statNode.error("'" + statNode.text() + "' is not a statistic: use avg, p50, p90, p95, p99, max, "
                    + "success_ratio or failure_ratio");
        }
        long over = when.get("over").durationNanos();
        boolean above = when.get("above").present();
        if (above == when.get("below").present()) {
            throw when.error("give exactly one of above and below");
        }
        ConfigNode limitNode = when.get(above ? "above" : "below");
        double limit = stat.isRatio() ? limitNode.number(0, 1, true) : limitNode.durationNanos();
        return new AlertConfig.WindowCondition(stat, over, above, limit);
    }
}
