package dev.tcpswarm.monitor.config;

import java.util.List;
import java.util.Map;

/**
 * One access log of the {@code logs} section: a source of the monitor beside the TCP services,
 * followed as {@code tcpswarm traffic} follows its files, summarised every {@code interval} and
 * judged over {@code window} (seconds of the lines' own time). Immutable.
 *
 * @param paths the files, each a path or a glob ({@code /var/log/nginx/*.access.log}); every file
 *     they match is read, as one source
 * @param format {@code auto}, {@code csv}, {@code common}, {@code combined} or {@code json}
 * @param jsonFields for json: the key holding each role ({@code time: ts})
 * @param follow follow the files as they grow and rotate; false: read them once to their end
 * @param fromStart read files that exist at the start from their first line (default: from their end)
 * @param threshold HttpMonitor's high-traffic alert: requests per second over the window; null for none
 */
public record LogConfig(String name, List<String> paths, String format, Map<String, String> jsonFields, boolean follow,
        boolean fromStart, int intervalSeconds, int windowSeconds, int latenessSeconds, Double threshold,
        Map<String, String> labels) {
    public LogConfig {
        paths = List.copyOf(paths);
        jsonFields = Map.copyOf(jsonFields);
        labels = Map.copyOf(labels);
    }

    /** The name of the alert {@code threshold} makes. */
    public String thresholdAlertName() {
        return name + "_high_traffic";
    }
}
