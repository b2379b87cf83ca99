package dev.tcpswarm.monitor.config;

import dev.tcpswarm.traffic.JsonLogParser;
import dev.tcpswarm.traffic.LogFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code logs}: HTTP access logs as sources beside the services, each with its files (globs
 * allowed), format, following, interval, window, lateness and HttpMonitor's {@code threshold}. Read
 * before the services, so that a config may watch logs only, and names stay distinct. Stateless.
 */
public final class LogsSection implements ConfigSection<List<LogConfig>> {
    public static final LogsSection INSTANCE = new LogsSection();
    private static final Set<String> KEYS = Set.of("name", "path", "format", "json_fields", "follow", "from_start",
            "interval", "window", "lateness", "threshold", "labels");

    private LogsSection() {
    }

    @Override
    public String key() {
        return "logs";
    }

    @Override
    public List<LogConfig> read(ConfigNode list, Earlier earlier) throws ConfigException {
        List<LogConfig> out = new ArrayList<>();
        if (!list.present()) {
            return List.of();
        }
        for (Map.Entry<String, ConfigNode> item : ConfigValues.namedItems(list, KEYS,
                "a log: a mapping with name and path").entrySet()) {
            ConfigNode l = item.getValue();
            ConfigNode pathNode = l.get("path");
            if (!pathNode.present()) {
                throw pathNode.error("missing: the access log's file, or a glob such as /var/log/nginx/*access.log");
            }
            List<String> paths = pathNode.texts();
            for (String p : paths) {
                try {
                    Path.of(p);
                } catch (java.nio.file.InvalidPathException e) {
                    throw pathNode.error("'" + p + "' is not a path: " + e.getReason());
                }
                if (p.isBlank()) {
                    throw pathNode.error("an empty path");
                }
            }
            ConfigNode formatNode = l.get("format");
            String format = formatNode.text("auto").trim().toLowerCase(Locale.ROOT);
            try {
                LogFormat.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw formatNode.error("'" + format + "' is not a format: use auto, csv, common, combined or json");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            ConfigNode fieldsNode = l.get("json_fields");
            if (fieldsNode.present()) {
                if (!fieldsNode.isMapping()) {
                    throw fieldsNode.error("expected a mapping of role to key, e.g. {time: ts, status: code}");
                }
                for (Map.Entry<String, ConfigNode> f : fieldsNode.entries().entrySet()) {
                    try {
                        fields.put(JsonLogParser.role(f.getKey()), f.getValue().text());
                    } catch (IllegalArgumentException e) {
                        throw f.getValue().error(e.getMessage());
                    }
                }
            }
            Double threshold = null;
            if (l.get("threshold").present()) {
                threshold = l.get("threshold").number(0, 1e9, false);
            }
            out.add(new LogConfig(item.getKey(), paths, format, fields, l.get("follow").bool(true),
                    l.get("from_start").bool(false), seconds(l.get("interval"), 10, 86400),
                    seconds(l.get("window"), 120, 86400), lateness(l.get("lateness")), threshold,
                    ConfigValues.labels(l.get("labels"))));
        }
        return List.copyOf(out);
    }

    /** Whole seconds from 1 to {@code max}, or {@code fallback} when absent. */
    private static int seconds(ConfigNode node, int fallback, int max) throws ConfigException {
        long nanos = node.durationNanos(fallback * 1_000_000_000L);
        if (nanos % 1_000_000_000L != 0 || nanos / 1_000_000_000L > max) {
            throw node.error("use whole seconds from 1s to " + max / 3600 + "h (event time counts in seconds)");
        }
        return (int) (nanos / 1_000_000_000L);
    }

    /** 0s (or 0) to 1h, in whole seconds; 10s when absent. */
    private static int lateness(ConfigNode node) throws ConfigException {
        if (!node.present()) {
            return 10;
        }
        if (node.text().strip().matches("0+(s|ms)?")) {
            return 0;
        }
        return seconds(node, 10, 3600);
    }

    /** The named log, or null. */
    static LogConfig find(List<LogConfig> logs, String name) {
        if (logs == null) {
            return null;
        }
        for (LogConfig l : logs) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
