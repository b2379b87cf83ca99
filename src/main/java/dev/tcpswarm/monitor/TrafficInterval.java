package dev.tcpswarm.monitor;

import java.util.List;
import java.util.Map;

/**
 * What one access log's requests of one interval of event time added up to, once it is complete:
 * the row the store keeps per source and interval, the line on stdout, a point of the status page's
 * series. Immutable; made on the logs' reading thread, taken by the pipeline.
 *
 * @param startSecond the interval's first second (Unix)
 * @param endSecond the second after its last
 * @param statusClasses hits by status class: index 0 for statuses outside 100-599, 1 for 1xx ... 5
 *     for 5xx
 * @param serverErrors the 5xx statuses by code
 * @param malformed lines of the log its format could not read, since the previous interval
 * @param late lines that came after their second was final, since the previous interval
 * @param firstMalformed the first of those malformed lines ({@code access.log:12: reason}), or null
 * @param topSections the most requested sections, most first
 */
public record TrafficInterval(String source, long startSecond, long endSecond, long hits, List<Long> statusClasses,
        Map<Integer, Long> serverErrors, long bytes, long malformed, long late, String firstMalformed,
        List<Map.Entry<String, Long>> topSections) implements SourceResult {
    public TrafficInterval {
        statusClasses = List.copyOf(statusClasses);
        serverErrors = Map.copyOf(serverErrors);
        topSections = List.copyOf(topSections);
    }

    @Override
    public String target() {
        return source;
    }

    /** Hits of status class {@code c} (2 for 2xx; 0 for a status outside 100-599). */
    public long statusClass(int c) {
        return statusClasses.get(c);
    }

    /** Requests per second over the interval. */
    public double requestsPerSecond() {
        return hits / (double) Math.max(1, endSecond - startSecond);
    }
}
