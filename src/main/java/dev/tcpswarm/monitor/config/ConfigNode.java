package dev.tcpswarm.monitor.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpswarm.plan.DurationText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One node of a parsed config file together with where it is: its key path for messages
 * ({@code services[1].interval}) and its line. Every accessor checks the value's kind and range and
 * fails with a {@link ConfigException} whose one line names the file, the line and the key. Used by
 * {@link ConfigReader} and by the readers of extra sections ({@link ConfigSection}); one thread.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final String pointer;
    private final ConfigLines lines;

    ConfigNode(JsonNode node, String path, String pointer, ConfigLines lines) {
        this.node = node;
        this.path = path;
        this.pointer = pointer;
        this.lines = lines;
    }

    /** The key path, e.g. {@code services[1].interval}. */
    public String path() {
        return path;
    }

    /** False when the key is absent (or null). */
    public boolean present() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** A failure at this node: {@code file:line: path: message}. */
    public ConfigException error(String message) {
        return new ConfigException(lines.file() + ":" + lines.lineOf(pointer) + ": " + (path.isEmpty() ? "" : path + ": ")
                + message);
    }

    /** The child under {@code key} (absent when missing); this node must be a mapping. */
    public ConfigNode get(String key) throws ConfigException {
        requireMapping();
        String childPath = path.isEmpty() ? key : path + "." + key;
        return new ConfigNode(node == null ? null : node.get(key), childPath, pointer + "/" + escape(key), lines);
    }

    /** Fails on the first key not in {@code known}, naming it and the keys that are. */
    public ConfigNode allowOnly(Set<String> known) throws ConfigException {
        if (!present()) {
            return this;
        }
        requireMapping();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                String childPath = path.isEmpty() ? key : path + "." + key;
                throw new ConfigNode(node.get(key), childPath, pointer + "/" + escape(key), lines)
                        .error("unknown key '" + key + "' (known here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    /** The entries of a mapping, in file order; empty when absent. */
    public Map<String, ConfigNode> entries() throws ConfigException {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        if (!present()) {
            return out;
        }
        requireMapping();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            out.put(key, get(key));
        }
        return out;
    }

    /** The items of a list; empty when absent. */
    public List<ConfigNode> items() throws ConfigException {
        List<ConfigNode> out = new ArrayList<>();
        if (!present()) {
            return out;
        }
        if (!node.isArray()) {
            throw error("expected a list (items starting with '-')");
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(node.get(i), path + "[" + i + "]", pointer + "/" + i, lines));
        }
        return out;
    }

    /** True when this is a list. */
    public boolean isList() {
        return present() && node.isArray();
    }

    /** True when this is a mapping. */
    public boolean isMapping() {
        return present() && node.isObject();
    }

    private void requireMapping() throws ConfigException {
        if (present() && !node.isObject()) {
            throw error("expected a mapping of keys to values");
        }
    }

    /** A scalar as text; required. */
    public String text() throws ConfigException {
        if (!present()) {
            throw error("missing: this key is required");
        }
        if (!node.isValueNode()) {
            throw error("expected a single value, not a " + (node.isArray() ? "list" : "mapping"));
        }
        String t = node.asText().trim();
        if (t.isEmpty()) {
            throw error("empty value");
        }
        return t;
    }

    /** A scalar as text, or {@code fallback} when absent. */
    public String text(String fallback) throws ConfigException {
        return present() ? text() : fallback;
    }

    /**
     * A duration ({@code 500ms}, {@code 2s}, {@code 5m}), above zero. A bare number is refused: one
     * copied from a tool where it means milliseconds (Kener's {@code timeout: 2000}) would mean
     * 2000 s here.
     */
    public long durationNanos() throws ConfigException {
        String t = text();
        if (t.strip().matches("[0-9]+(\\.[0-9]+)?")) {
            java.math.BigDecimal seconds = new java.math.BigDecimal(t.strip()).movePointLeft(3).stripTrailingZeros();
            throw error("'" + t.strip() + "' has no unit: write " + t.strip() + "ms or "
                    + (seconds.compareTo(java.math.BigDecimal.ONE) >= 0 ? seconds.toPlainString() : t.strip()) + "s");
        }
        long nanos;
        try {
            nanos = DurationText.parseNanos(t, TimeUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (nanos <= 0) {
            throw error("must be longer than 0");
        }
        return nanos;
    }

    /** A duration, or {@code fallback} when absent. */
    public long durationNanos(long fallback) throws ConfigException {
        return present() ? durationNanos() : fallback;
    }

    /** A whole number within [min, max]. */
    public int integer(int min, int max) throws ConfigException {
        String t = text();
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error("'" + t + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw error(v + " is out of range: use " + min + (max == Integer.MAX_VALUE ? " or more" : "-" + max));
        }
        return (int) v;
    }

    /** A whole number within [min, max], or {@code fallback} when absent. */
    public int integer(int min, int max, int fallback) throws ConfigException {
        return present() ? integer(min, max) : fallback;
    }

    /** A number within [min, max]; a trailing {@code %} divides by 100 when {@code percentAllowed}. */
    public double number(double min, double max, boolean percentAllowed) throws ConfigException {
        String t = text();
        boolean percent = percentAllowed && t.endsWith("%");
        String digits = percent ? t.substring(0, t.length() - 1).trim() : t;
        double v;
        try {
            v = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw error("'" + t + "' is not a number");
        }
        if (percent) {
            v /= 100;
        }
        if (!(v >= min && v <= max)) {
            throw error("'" + t + "' is out of range: use " + fmt(min) + "-" + fmt(max)
                    + (percentAllowed ? " (or a percentage)" : ""));
        }
        return v;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** true or false. */
    public boolean bool(boolean fallback) throws ConfigException {
        if (!present()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            String t = node.asText();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(t);
            }
            throw error("'" + t + "' is not true or false");
        }
        return node.booleanValue();
    }

    /** A list of scalars; a single scalar counts as a list of one. */
    public List<String> texts() throws ConfigException {
        List<String> out = new ArrayList<>();
        if (!present()) {
            return out;
        }
        if (!node.isArray()) {
            out.add(text());
            return out;
        }
        for (ConfigNode item : items()) {
            out.add(item.text());
        }
        return out;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
