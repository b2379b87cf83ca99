package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.ProbeFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code services}: the list of watched services, each with the defaults and the global rules applied. Stateless. */
public final class ServicesSection implements ConfigSection<List<ServiceConfig>> {
    public static final ServicesSection INSTANCE = new ServicesSection();
    private static final Set<String> KEYS =
            Set.of("name", "address", "interval", "timeout", "family", "attempts", "labels", "evaluation", "tls",
                    "steps", "check", "status");

    private ServicesSection() {
    }

    @Override
    public String key() {
        return "services";
    }

    @Override
    public List<ServiceConfig> read(ConfigNode list, Earlier earlier) throws ConfigException {
        ServiceDefaults defaults = earlier.get(DefaultsSection.INSTANCE);
        EvaluationConfig evaluation = earlier.get(EvaluationSection.INSTANCE);
        List<LogConfig> logs = earlier.get(LogsSection.INSTANCE);
        if (!list.present() && !logs.isEmpty()) {
            return List.of(); // access logs only
        }
        if (!list.present() || list.items().isEmpty()) {
            throw list.error("missing: list at least one service (name and address)");
        }
        List<ServiceConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : ConfigValues.namedItems(list, KEYS,
                "a service: a mapping with name and address").entrySet()) {
            String name = item.getKey();
            ConfigNode s = item.getValue();
            if (LogsSection.find(logs, name) != null) {
                throw s.get("name").error("'" + name + "' is already a log: services and logs need distinct names");
            }
            ServiceAddress parsed;
            ConfigNode address = s.get("address");
            try {
                parsed = ServiceAddress.parse(address.text());
            } catch (IllegalArgumentException e) {
                throw address.error(e.getMessage());
            }
            ProbeFamily f = ConfigValues.family(s.get("family"), defaults.family());
            ConfigValues.checkFamily(s.get("address"), parsed.host(), f);
            Map<String, String> labels = new LinkedHashMap<>(defaults.labels());
            labels.putAll(ConfigValues.labels(s.get("labels")));
            out.add(new ServiceConfig(name, parsed.host(), parsed.port(),
                    ConfigValues.interval(s.get("interval"), defaults.intervalNanos()),
                    ConfigValues.timeoutMillis(s.get("timeout"), defaults.timeoutMillis()), f,
                    s.get("attempts").integer(1, 10, defaults.attempts()), Map.copyOf(labels),
                    EvaluationSection.read(s.get("evaluation"), evaluation),
                    ServiceTlsSection.read(s.get("tls"), address),
                    ServiceConversationSection.read(name, s, parsed.check())));
        }
        return List.copyOf(out);
    }
}
