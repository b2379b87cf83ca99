package dev.tcpswarm.monitor.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code channels}: where notifications go, by name; {@code log} and {@code stdout} exist without it. Stateless. */
public final class ChannelsSection implements ConfigSection<Map<String, ChannelConfig>> {
    public static final ChannelsSection INSTANCE = new ChannelsSection();
    private static final Set<String> KEYS = Set.of("type", "url", "headers", "argv", "timeout", "retries", "backoff");
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

    @Override
    public Map<String, ChannelConfig> read(ConfigNode node, Earlier earlier) throws ConfigException {
        Map<String, ChannelConfig> out = builtIn();
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            String name = e.getKey();
            ConfigNode c = e.getValue();
            if (!c.isMapping()) {
                throw c.error("expected a channel: a mapping with a type (log, stdout, webhook or command)");
            }
            c.allowOnly(KEYS);
            ConfigNode typeNode = c.get("type");
            ChannelConfig.Type type;
            try {
                type = ChannelConfig.Type.valueOf(typeNode.text().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw typeNode.error("'" + typeNode.text() + "' is not a channel type: use log, stdout, webhook or command");
            }
            URI url = null;
            List<String> argv = List.of();
            Map<String, String> headers = new LinkedHashMap<>();
            if (type == ChannelConfig.Type.WEBHOOK) {
                ConfigNode urlNode = c.get("url");
                try {
                    url = new URI(urlNode.text());
                } catch (URISyntaxException ex) {
                    throw urlNode.error("'" + urlNode.text() + "' is not a URL");
                }
                if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                    throw urlNode.error("'" + urlNode.text() + "' is not an http:// or https:// URL");
                }
                for (Map.Entry<String, ConfigNode> h : c.get("headers").entries().entrySet()) {
                    headers.put(h.getKey(), h.getValue().text());
                }
            } else {
                for (String key : List.of("url", "headers", "retries", "backoff")) {
                    if (c.get(key).present()) {
                        throw c.get(key).error(key + " is for webhook channels");
                    }
                }
            }
            if (type == ChannelConfig.Type.COMMAND) {
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
            } else if (c.get("argv").present()) {
                throw c.get("argv").error("argv is for command channels");
            }
            long timeout = ConfigValues.timeoutMillis(c.get("timeout"), type == ChannelConfig.Type.COMMAND ? 10_000 : 5_000);
            int retries = c.get("retries").integer(0, 20, type == ChannelConfig.Type.WEBHOOK ? 3 : 0);
            long backoff = c.get("backoff").durationNanos(1_000_000_000L);
            out.put(name, new ChannelConfig(name, type, url, Map.copyOf(headers), List.copyOf(argv), timeout, retries,
                    backoff));
        }
        return out;
    }
}
