package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.ProbeFamily;
import io.netty.util.NetUtil;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The value readers several sections share: names, lists of named items, addresses, intervals,
 * timeouts, families, labels. Each fails with the node's one line. Pure.
 */
final class ConfigValues {
    /** The shortest interval between probes (and alert checks). */
    static final long MIN_INTERVAL_NANOS = 10_000_000L;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private ConfigValues() {
    }

    /**
     * The items of a list of named mappings, by name, in file order: each a mapping with only
     * {@code keys} and a name that no earlier item has.
     */
    static Map<String, ConfigNode> namedItems(ConfigNode list, Set<String> keys, String expected) throws ConfigException {
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

    static void checkFamily(ConfigNode node, String host, ProbeFamily family) throws ConfigException {
        boolean v4 = NetUtil.isValidIpV4Address(host);
        boolean v6 = NetUtil.isValidIpV6Address(host);
        if ((v4 && (family == ProbeFamily.IPV6 || family == ProbeFamily.BOTH))
                || (v6 && (family == ProbeFamily.IPV4 || family == ProbeFamily.BOTH))) {
            throw node.error("'" + host + "' is an " + (v4 ? "IPv4" : "IPv6") + " address, but family is "
                    + family.key() + ": give a name or another family");
        }
    }

    static long interval(ConfigNode node, long fallback) throws ConfigException {
        long nanos = node.durationNanos(fallback);
        if (nanos < MIN_INTERVAL_NANOS) {
            throw node.error("too short: use 10ms or more");
        }
        return nanos;
    }

    static long timeoutMillis(ConfigNode node, long fallbackMillis) throws ConfigException {
        if (!node.present()) {
            return fallbackMillis;
        }
        long nanos = node.durationNanos();
        if (nanos < 1_000_000L || nanos > TimeUnit.HOURS.toNanos(1)) {
            throw node.error("out of range: use 1ms to 1h");
        }
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    static ProbeFamily family(ConfigNode node, ProbeFamily fallback) throws ConfigException {
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

    static Map<String, String> labels(ConfigNode node) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                throw e.getValue().error("bad label name '" + e.getKey() + "': use letters, digits and _");
            }
            out.put(e.getKey(), e.getValue().text());
        }
        return out;
    }

    /**
     * {@code host:port} or {@code [v6]:port} to host and port (1-65535), unresolved.
     *
     * @throws IllegalArgumentException saying how to write it
     */
    static String[] hostAndPort(String text) {
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
}
