package dev.tcpswarm.monitor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.notify.BadSetting;
import dev.tcpswarm.notify.ChannelSpec;
import dev.tcpswarm.notify.ChannelTypes;
import dev.tcpswarm.notify.WebhookFormat;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the monitor's YAML config (Jackson's YAML module) into a {@link MonitorConfig}, checking
 * everything before anything starts: an unknown key, a bad value, a duplicate name or a reference to
 * nothing fails with one line naming the file, the line and the key. Extra top-level sections are
 * read by the {@link ConfigSection}s it is given. Also builds the quick watch's config. One thread.
 */
public final class ConfigReader {
    /** The default metrics address when the file has a {@code metrics} section without one. */
    public static final String DEFAULT_METRICS_LISTEN = "127.0.0.1:9469";
    static final long DEFAULT_INTERVAL_NANOS = 2_000_000_000L;
    static final long DEFAULT_TIMEOUT_MILLIS = 5_000;
    private static final long MIN_INTERVAL_NANOS = 10_000_000L;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+}");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private static final Set<String> SERVICE_KEYS =
            Set.of("name", "address", "interval", "timeout", "family", "attempts", "labels", "evaluation");
    private static final Set<String> DEFAULT_KEYS = Set.of("interval", "timeout", "family", "attempts", "labels");
    private static final Set<String> EVALUATION_KEYS = Set.of("window", "min_samples", "degraded", "down", "up");
    private static final Set<String> GROUP_KEYS =
            Set.of("name", "members", "policy", "min_up", "weights", "up_at_least", "down_at_most", "suppress_member_alerts");
    private static final Set<String> ALERT_KEYS = Set.of("name", "target", "when", "failure_threshold",
            "success_threshold", "send_resolved", "reminder", "check_every", "channels");
    /** The keys every channel takes; each type adds its own. */
    private static final Set<String> CHANNEL_KEYS = Set.of("type", "timeout", "retries", "backoff");

    private final List<ConfigSection<?>> sections;
    private Function<String, String> environment = System::getenv;
    private final YAMLFactory yaml = new YAMLFactory();
    private final ObjectMapper mapper = new ObjectMapper(yaml);

    /** A reader for the built-in sections plus {@code extra} ones. */
    public ConfigReader(List<ConfigSection<?>> extra) {
        this.sections = List.copyOf(extra);
    }

    /** The same reader, with {@code ${env:NAME}} in channel settings taken from {@code env} (for tests). */
    public ConfigReader withEnvironment(Function<String, String> env) {
        this.environment = env;
        return this;
    }

    /** Reads and checks {@code file}. */
    public MonitorConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return read(file.toString(), text);
    }

    /** Reads and checks {@code text}; {@code fileLabel} names it in messages. */
    public MonitorConfig read(String fileLabel, String text) throws ConfigException {
        ConfigLines lines = ConfigLines.of(fileLabel, text, yaml);
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(fileLabel + ": not valid YAML: " + e.getOriginalMessage());
        }
        ConfigNode root = new ConfigNode(tree, "", "", lines);
        if (!root.present() || !root.isMapping()) {
            throw root.error("expected a mapping with at least 'services' (see examples/monitor.yaml)");
        }
        Set<String> topKeys = new LinkedHashSet<>(List.of("defaults", "services", "groups", "evaluation", "alerts",
                "channels", "logging", "metrics"));
        for (ConfigSection<?> s : sections) {
            topKeys.add(s.key());
        }
        root.allowOnly(topKeys);

        EvaluationConfig evaluation = evaluation(root.get("evaluation"), EvaluationConfig.DEFAULTS);
        List<ServiceConfig> services = services(root.get("defaults"), root.get("services"), evaluation);
        Map<String, String> kinds = new HashMap<>();
        for (ServiceConfig s : services) {
            kinds.put(s.name(), "service");
        }
        List<GroupConfig> groups = groups(root.get("groups"), kinds);
        Map<String, ChannelConfig> channels = channels(root.get("channels"));
        List<AlertConfig> alerts = alerts(root.get("alerts"), kinds, channels, services, groups);
        LoggingConfig logging = logging(root.get("logging"));
        InetSocketAddress metrics = metrics(root.get("metrics"));
        Map<String, Object> extensions = new LinkedHashMap<>();
        for (ConfigSection<?> s : sections) {
            Object value = s.read(root.get(s.key()));
            if (value != null) {
                extensions.put(s.key(), value);
            }
        }
        return new MonitorConfig(fileLabel, services, groups, evaluation, alerts, channels, logging, metrics,
                Map.copyOf(extensions));
    }

    /**
     * The quick watch: one service per address, named after it, with the built-in rules.
     *
     * @throws IllegalArgumentException naming the bad address
     */
    public static MonitorConfig quickWatch(List<String> addresses, long intervalNanos, long timeoutMillis) {
        List<ServiceConfig> services = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String a : addresses) {
            String[] hp = hostAndPort(a);
            ServiceConfig s = new ServiceConfig(a, hp[0], Integer.parseInt(hp[1]), intervalNanos, timeoutMillis,
                    ProbeFamily.AUTO, 1, Map.of(), EvaluationConfig.DEFAULTS);
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("address '" + a + "' is given twice");
            }
            services.add(s);
        }
        return new MonitorConfig("command line", List.copyOf(services), List.of(), EvaluationConfig.DEFAULTS, List.of(),
                builtInChannels(), new LoggingConfig(null, LoggingConfig.DEFAULT_SUMMARY_EVERY_NANOS,
                        LoggingConfig.DEFAULT_KEEP_DAYS), null, Map.of());
    }

    /**
     * {@code host:port} or {@code [v6]:port} to host and port (1-65535), unresolved.
     *
     * @throws IllegalArgumentException saying how to write it
     */
    public static String[] hostAndPort(String text) {
        String t = text.trim();
        String host;
        String port;
        int close = t.lastIndexOf("]:");
        if (t.startsWith("[") && close > 0) {
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            throw new IllegalArgumentException("'" + text + "' is not an address: write host:port or [ipv6]:port");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (host.isBlank() || p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not an address: write host:port or [ipv6]:port, "
                    + "with a port of 1-65535");
        }
        return new String[] {host, String.valueOf(p)};
    }

    private static Map<String, ChannelConfig> builtInChannels() {
        Map<String, ChannelConfig> channels = new LinkedHashMap<>();
        channels.put("log", ChannelConfig.builtIn(ChannelConfig.Type.LOG));
        channels.put("stdout", ChannelConfig.builtIn(ChannelConfig.Type.STDOUT));
        return channels;
    }

    private List<ServiceConfig> services(ConfigNode defaults, ConfigNode list, EvaluationConfig evaluation)
            throws ConfigException {
        defaults.allowOnly(DEFAULT_KEYS);
        long interval = interval(defaults.get("interval"), DEFAULT_INTERVAL_NANOS);
        long timeout = timeoutMillis(defaults.get("timeout"), DEFAULT_TIMEOUT_MILLIS);
        ProbeFamily family = family(defaults.get("family"), ProbeFamily.AUTO);
        int attempts = defaults.get("attempts").integer(1, 10, 1);
        Map<String, String> defaultLabels = labels(defaults.get("labels"));
        if (!list.present() || list.items().isEmpty()) {
            throw list.error("missing: list at least one service (name and address)");
        }
        List<ServiceConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : namedItems(list, SERVICE_KEYS, "a service: a mapping with name and address")
                .entrySet()) {
            String name = item.getKey();
            ConfigNode s = item.getValue();
            String[] hp;
            ConfigNode address = s.get("address");
            try {
                hp = hostAndPort(address.text());
            } catch (IllegalArgumentException e) {
                throw address.error(e.getMessage());
            }
            ProbeFamily f = family(s.get("family"), family);
            checkFamily(s.get("address"), hp[0], f);
            Map<String, String> labels = new LinkedHashMap<>(defaultLabels);
            labels.putAll(labels(s.get("labels")));
            out.add(new ServiceConfig(name, hp[0], Integer.parseInt(hp[1]), interval(s.get("interval"), interval),
                    timeoutMillis(s.get("timeout"), timeout), f, s.get("attempts").integer(1, 10, attempts),
                    Map.copyOf(labels), evaluation(s.get("evaluation"), evaluation)));
        }
        return List.copyOf(out);
    }

    /**
     * The items of a list of named mappings, by name, in file order: each a mapping with only
     * {@code keys} and a name that no earlier item has.
     */
    private static Map<String, ConfigNode> namedItems(ConfigNode list, Set<String> keys, String expected)
            throws ConfigException {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode item : list.items()) {
            if (!item.isMapping()) {
                throw item.error("expected " + expected);
            }
            item.allowOnly(keys);
            String name = name(item.get("name"), seen);
            seen.put(name, item.path());
            out.put(name, item);
        }
        return out;
    }

    private static String name(ConfigNode node, Map<String, String> seen) throws ConfigException {
        String name = node.text();
        if (seen.containsKey(name)) {
            throw node.error("duplicate name '" + name + "' (also " + seen.get(name) + "): names must be unique");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw node.error("a name may not hold control characters");
        }
        return name;
    }

    private static void checkFamily(ConfigNode node, String host, ProbeFamily family) throws ConfigException {
        boolean v4 = NetUtil.isValidIpV4Address(host);
        boolean v6 = NetUtil.isValidIpV6Address(host);
        if ((v4 && (family == ProbeFamily.IPV6 || family == ProbeFamily.BOTH))
                || (v6 && (family == ProbeFamily.IPV4 || family == ProbeFamily.BOTH))) {
            throw node.error("'" + host + "' is an " + (v4 ? "IPv4" : "IPv6") + " address, but family is "
                    + family.key() + ": give a name or another family");
        }
    }

    private static long interval(ConfigNode node, long fallback) throws ConfigException {
        long nanos = node.durationNanos(fallback);
        if (nanos < MIN_INTERVAL_NANOS) {
            throw node.error("too short: use 10ms or more");
        }
        return nanos;
    }

    private static long timeoutMillis(ConfigNode node, long fallbackMillis) throws ConfigException {
        if (!node.present()) {
            return fallbackMillis;
        }
        long nanos = node.durationNanos();
        if (nanos < 1_000_000L || nanos > TimeUnit.HOURS.toNanos(1)) {
            throw node.error("out of range: use 1ms to 1h");
        }
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static ProbeFamily family(ConfigNode node, ProbeFamily fallback) throws ConfigException {
        if (!node.present()) {
            return fallback;
        }
        String t = node.text();
        if (t.equalsIgnoreCase("ip6")) {
            return ProbeFamily.IPV6; // Kener's word for it
        }
        try {
            return ProbeFamily.parse(t);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static Map<String, String> labels(ConfigNode node) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                throw e.getValue().error("bad label name '" + e.getKey() + "': use letters, digits and _");
            }
            out.put(e.getKey(), e.getValue().text());
        }
        return out;
    }

    private static EvaluationConfig evaluation(ConfigNode node, EvaluationConfig base) throws ConfigException {
        if (!node.present()) {
            return base;
        }
        node.allowOnly(EVALUATION_KEYS);
        long window = node.get("window").durationNanos(base.windowNanos());
        int minSamples = node.get("min_samples").integer(1, 1_000_000, base.minSamples());
        Double percentile = base.degradedPercentile();
        Long latency = base.degradedLatencyNanos();
        Double degradedBelow = base.degradedSuccessBelow();
        ConfigNode degraded = node.get("degraded").allowOnly(Set.of("latency", "success_below"));
        if (degraded.present()) {
            ConfigNode lat = degraded.get("latency").allowOnly(Set.of("percentile", "above"));
            if (lat.present()) {
                percentile = lat.get("percentile").number(0.1, 100, false);
                latency = lat.get("above").durationNanos();
            }
            if (degraded.get("success_below").present()) {
                degradedBelow = degraded.get("success_below").number(0, 1, true);
            }
        }
        int downAfter = base.downConsecutiveFailures();
        Double downBelow = base.downSuccessBelow();
        ConfigNode down = node.get("down").allowOnly(Set.of("consecutive_failures", "success_below"));
        if (down.present()) {
            downAfter = down.get("consecutive_failures").integer(1, 1_000_000, downAfter);
            if (down.get("success_below").present()) {
                downBelow = down.get("success_below").number(0, 1, true);
            }
        }
        ConfigNode up = node.get("up").allowOnly(Set.of("consecutive_successes"));
        int upAfter = up.present() ? up.get("consecutive_successes").integer(1, 1_000_000, base.upConsecutiveSuccesses())
                : base.upConsecutiveSuccesses();
        return new EvaluationConfig(window, minSamples, percentile, latency, degradedBelow, downAfter, downBelow, upAfter);
    }

    private static List<GroupConfig> groups(ConfigNode list, Map<String, String> kinds) throws ConfigException {
        List<GroupConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : namedItems(list, GROUP_KEYS, "a group: a mapping with name, members and policy")
                .entrySet()) {
            String name = item.getKey();
            ConfigNode g = item.getValue();
            if (kinds.containsKey(name)) {
                throw g.get("name").error("'" + name + "' is already a service: groups and services need distinct names");
            }
            List<String> members = new ArrayList<>();
            ConfigNode membersNode = g.get("members");
            if (!membersNode.present()) {
                throw membersNode.error("missing: list the member services");
            }
            for (ConfigNode m : membersNode.items()) {
                String member = m.text();
                if (!"service".equals(kinds.get(member))) {
                    throw m.error("no service named '" + member + "' (members are services)");
                }
                if (members.contains(member)) {
                    throw m.error("'" + member + "' is listed twice");
                }
                members.add(member);
            }
            if (members.isEmpty()) {
                throw membersNode.error("a group needs at least one member");
            }
            ConfigNode policyNode = g.get("policy");
            GroupConfig.Policy policy;
            try {
                policy = GroupConfig.Policy.valueOf(policyNode.text("all").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw policyNode.error("'" + policyNode.text() + "' is not a policy: use all, any, quorum or weighted");
            }
            int minUp = 0;
            if (policy == GroupConfig.Policy.QUORUM) {
                ConfigNode min = g.get("min_up");
                if (!min.present()) {
                    throw min.error("missing: quorum needs min_up (how many members must be up)");
                }
                minUp = min.integer(1, members.size());
            } else if (g.get("min_up").present()) {
                throw g.get("min_up").error("min_up is for policy quorum");
            }
            Map<String, Double> weights = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> w : g.get("weights").entries().entrySet()) {
                if (!members.contains(w.getKey())) {
                    throw w.getValue().error("'" + w.getKey() + "' is not a member of this group");
                }
                weights.put(w.getKey(), w.getValue().number(0, 1e9, false));
            }
            if (policy != GroupConfig.Policy.WEIGHTED && !weights.isEmpty()) {
                throw g.get("weights").error("weights are for policy weighted");
            }
            double upAtLeast = g.get("up_at_least").present() ? g.get("up_at_least").number(0, 1, true) : 1.0;
            double downAtMost = g.get("down_at_most").present() ? g.get("down_at_most").number(0, 1, true) : 0.0;
            if (downAtMost >= upAtLeast) {
                throw g.get("down_at_most").error("must be below up_at_least (" + upAtLeast + ")");
            }
            out.add(new GroupConfig(name, List.copyOf(members), policy, minUp, Map.copyOf(weights), upAtLeast, downAtMost,
                    g.get("suppress_member_alerts").bool(false)));
            kinds.put(name, "group");
        }
        return List.copyOf(out);
    }

    private Map<String, ChannelConfig> channels(ConfigNode node) throws ConfigException {
        Map<String, ChannelConfig> out = builtInChannels();
        String types = "log, stdout, command, " + String.join(", ", ChannelTypes.keys());
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            String name = e.getKey();
            ConfigNode c = e.getValue();
            if (!c.isMapping()) {
                throw c.error("expected a channel: a mapping with a type (" + types + ")");
            }
            ConfigNode typeNode = c.get("type");
            String typeKey = typeNode.text().toLowerCase(Locale.ROOT);
            ChannelConfig.Type type;
            try {
                type = ChannelConfig.Type.valueOf(typeKey.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw typeNode.error("'" + typeNode.text() + "' is not a channel type: use " + types);
            }
            Optional<ChannelTypes.Type> provider = ChannelTypes.of(typeKey);
            Set<String> known = new LinkedHashSet<>(CHANNEL_KEYS);
            provider.ifPresent(p -> known.addAll(p.allKeys()));
            if (type == ChannelConfig.Type.COMMAND) {
                known.add("argv");
            }
            if (!provider.isPresent() && type != ChannelConfig.Type.COMMAND) {
                throw typeNode.error("'" + typeKey + "' is built in: it needs no definition (name it in an alert's channels)");
            }
            c.allowOnly(known);
            ChannelSpec spec = null;
            List<String> argv = List.of();
            if (provider.isPresent()) {
                try {
                    spec = provider.get().reader().read(new ChannelNodeSettings(c, environment));
                } catch (BadSetting bad) {
                    throw new ConfigException(bad.getMessage());
                }
            } else {
                for (String key : List.of("retries", "backoff")) {
                    if (c.get(key).present()) {
                        throw c.get(key).error(key + " is for the channels that retry (webhook and the providers)");
                    }
                }
                ConfigNode argvNode = c.get("argv");
                if (!argvNode.isList() || argvNode.items().isEmpty()) {
                    throw argvNode.error("a command channel needs argv: a list, the program first (no shell)");
                }
                argv = argvNode.texts();
                for (ConfigNode a : argvNode.items()) {
                    Matcher m = PLACEHOLDER.matcher(a.text());
                    while (m.find()) {
                        if (!ChannelConfig.PLACEHOLDERS.contains(m.group())) {
                            throw a.error("unknown placeholder " + m.group() + " (known: "
                                    + String.join(", ", ChannelConfig.PLACEHOLDERS) + ")");
                        }
                    }
                }
            }
            long timeout = timeoutMillis(c.get("timeout"), type == ChannelConfig.Type.COMMAND ? 10_000 : 5_000);
            int retries = c.get("retries").integer(0, 20, provider.isPresent() ? 3 : 0);
            long backoff = c.get("backoff").durationNanos(1_000_000_000L);
            URI url = spec instanceof WebhookFormat w ? w.url() : null;
            out.put(name, new ChannelConfig(name, type, url, Map.of(), List.copyOf(argv), timeout, retries, backoff,
                    spec));
        }
        return out;
    }

    private static List<AlertConfig> alerts(ConfigNode list, Map<String, String> kinds, Map<String, ChannelConfig> channels,
            List<ServiceConfig> services, List<GroupConfig> groups) throws ConfigException {
        List<AlertConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : namedItems(list, ALERT_KEYS, "an alert: a mapping with name, target and when")
                .entrySet()) {
            String name = item.getKey();
            ConfigNode a = item.getValue();
            ConfigNode targetNode = a.get("target");
            String target = targetNode.text();
            if (!kinds.containsKey(target)) {
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
            long defaultCheck = targetInterval(target, services, groups);
            long reminder = a.get("reminder").present() ? a.get("reminder").durationNanos() : 0;
            out.add(new AlertConfig(name, target, condition, a.get("failure_threshold").integer(1, 1000, 1),
                    a.get("success_threshold").integer(1, 1000, 1), a.get("send_resolved").bool(true), reminder,
                    interval(a.get("check_every"), defaultCheck), List.copyOf(names)));
        }
        return List.copyOf(out);
    }

    /** A service's interval, or the shortest of a group's members. */
    private static long targetInterval(String target, List<ServiceConfig> services, List<GroupConfig> groups) {
        for (ServiceConfig s : services) {
            if (s.name().equals(target)) {
                return s.intervalNanos();
            }
        }
        long shortest = Long.MAX_VALUE;
        for (GroupConfig g : groups) {
            if (g.name().equals(target)) {
                for (ServiceConfig s : services) {
                    if (g.members().contains(s.name())) {
                        shortest = Math.min(shortest, s.intervalNanos());
                    }
                }
            }
        }
        return shortest == Long.MAX_VALUE ? DEFAULT_INTERVAL_NANOS : shortest;
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

    private static LoggingConfig logging(ConfigNode node) throws ConfigException {
        node.allowOnly(Set.of("dir", "summary_every", "keep_days"));
        Path dir = node.get("dir").present() ? Path.of(node.get("dir").text()) : null;
        long every = node.get("summary_every").durationNanos(LoggingConfig.DEFAULT_SUMMARY_EVERY_NANOS);
        if (every < 1_000_000_000L) {
            throw node.get("summary_every").error("too short: use 1s or more");
        }
        return new LoggingConfig(dir, every, node.get("keep_days").integer(0, 100_000, LoggingConfig.DEFAULT_KEEP_DAYS));
    }

    private static InetSocketAddress metrics(ConfigNode node) throws ConfigException {
        if (!node.present()) {
            return null;
        }
        if (!node.isMapping()) {
            throw node.error("expected a mapping, e.g. {listen: 127.0.0.1:9469}");
        }
        node.allowOnly(Set.of("listen"));
        ConfigNode listen = node.get("listen");
        try {
            return ListenAddress.parse(listen.text(DEFAULT_METRICS_LISTEN));
        } catch (IllegalArgumentException e) {
            throw listen.error(e.getMessage());
        }
    }
}
