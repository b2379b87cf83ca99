package dev.tcpswarm.monitor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code alerts}: conditions on services and groups, and the channels they notify. Stateless. */
public final class AlertsSection implements ConfigSection<List<AlertConfig>> {
    public static final AlertsSection INSTANCE = new AlertsSection();
    private static final Set<String> KEYS = Set.of("name", "target", "when", "failure_threshold", "success_threshold",
            "send_resolved", "reminder", "check_every", "channels");

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
        List<AlertConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : ConfigValues.namedItems(list, KEYS,
                "an alert: a mapping with name, target and when").entrySet()) {
            String name = item.getKey();
            ConfigNode a = item.getValue();
            ConfigNode targetNode = a.get("target");
            String target = targetNode.text();
            long defaultCheck = targetInterval(target, services, groups);
            if (defaultCheck < 0) {
                throw targetNode.error("no service or group named '" + target + "'");
            }
            AlertConfig.Condition condition = condition(a.get("when"));
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
        return List.copyOf(out);
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

    private static AlertConfig.Condition condition(ConfigNode when) throws ConfigException {
        if (!when.present()) {
            throw when.error("missing: say when it fires: down, degraded, not_up, or {stat: avg, over: 2m, above: 200ms}");
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
