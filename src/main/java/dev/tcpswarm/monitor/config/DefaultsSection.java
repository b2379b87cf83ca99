package dev.tcpswarm.monitor.config;

import java.util.Map;
import java.util.Set;

/** {@code defaults}: interval, timeout, family, attempts and labels for every service. Stateless. */
public final class DefaultsSection implements ConfigSection<ServiceDefaults> {
    public static final DefaultsSection INSTANCE = new DefaultsSection();
    private static final Set<String> KEYS = Set.of("interval", "timeout", "family", "attempts", "labels");

    private DefaultsSection() {
    }

    @Override
    public String key() {
        return "defaults";
    }

    @Override
    public ServiceDefaults read(ConfigNode node, Earlier earlier) throws ConfigException {
        node.allowOnly(KEYS);
        ServiceDefaults base = ServiceDefaults.BUILT_IN;
        Map<String, String> labels = ConfigValues.labels(node.get("labels"));
        return new ServiceDefaults(ConfigValues.interval(node.get("interval"), base.intervalNanos()),
                ConfigValues.timeoutMillis(node.get("timeout"), base.timeoutMillis()),
                ConfigValues.family(node.get("family"), base.family()), node.get("attempts").integer(1, 10, base.attempts()),
                Map.copyOf(labels));
    }
}
