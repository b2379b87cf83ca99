package dev.tcpswarm.monitor.config;

import dev.tcpswarm.notify.BadSetting;
import dev.tcpswarm.notify.ChannelSpec;
import dev.tcpswarm.notify.ChannelTypes;
import dev.tcpswarm.notify.Secret;
import dev.tcpswarm.notify.WebhookFormat;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code channels}: where notifications go, by name; {@code log} and {@code stdout} exist without it. Stateless. */
public final class ChannelsSection implements ConfigSection<Map<String, ChannelConfig>> {
    public static final ChannelsSection INSTANCE = new ChannelsSection();
    /** The keys every channel takes; each type adds its own. */
    private static final Set<String> KEYS = Set.of("type", "timeout", "retries", "backoff");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+}");

    private ChannelsSection() {
    }

    @Override
    public String key() {
        return "channels";
    }

    /** The channels every config has: {@code log} and {@code stdout}. */
    public static Map<String, ChannelConfig> builtIn() {
        Map<String, ChannelConfig> channels = new LinkedHashMap<>();
        channels.put("log", ChannelConfig.builtIn(ChannelConfig.Type.LOG));
        channels.put("stdout", ChannelConfig.builtIn(ChannelConfig.Type.STDOUT));
        return channels;
    }

    /** Where {@code ${env:NAME}} is looked up; tests put their own for the read on their thread. */
    static final ThreadLocal<Function<String, String>> ENVIRONMENT = ThreadLocal.withInitial(() -> System::getenv);

    @Override
    public Map<String, ChannelConfig> read(ConfigNode node, Earlier earlier) throws ConfigException {
        Map<String, ChannelConfig> out = builtIn();
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
            if (provider.isEmpty() && type != ChannelConfig.Type.COMMAND) {
                throw typeNode.error("'" + typeKey + "' is built in: it needs no definition (name it in an alert's channels)");
            }
            Set<String> known = new LinkedHashSet<>(KEYS);
            provider.ifPresent(p -> known.addAll(p.allKeys()));
            if (type == ChannelConfig.Type.COMMAND) {
                known.add("argv");
            }
            c.allowOnly(known);
            ChannelSpec spec = null;
            List<Secret> secrets = List.of();
            List<String> argv = List.of();
            if (provider.isPresent()) {
                try {
                    ChannelNodeSettings settings = new ChannelNodeSettings(c, ENVIRONMENT.get());
                    spec = provider.get().reader().read(settings);
                    secrets = settings.secretsRead();
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
            long timeout = ConfigValues.timeoutMillis(c.get("timeout"), type == ChannelConfig.Type.COMMAND ? 10_000 : 5_000);
            int retries = c.get("retries").integer(0, 20, provider.isPresent() ? 3 : 0);
            long backoff = c.get("backoff").durationNanos(1_000_000_000L);
            URI url = spec instanceof WebhookFormat w ? w.url() : null;
            out.put(name, new ChannelConfig(name, type, url, Map.of(), List.copyOf(argv), timeout, retries, backoff, spec,
                    secrets));
        }
        return out;
    }
}
