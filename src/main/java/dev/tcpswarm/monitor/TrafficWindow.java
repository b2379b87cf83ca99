package dev.tcpswarm.monitor;

import java.util.Map;

/**
 * An access log's sliding window as of its newest final second of event time: what the alerts on
 * {@code requests_per_second}, {@code status_5xx_ratio} and {@code section_rate} are judged on.
 * Immutable; made on the logs' reading thread once a second is final, taken by the pipeline.
 *
 * @param source the log's name
 * @param second the newest final second (Unix seconds, the lines' own time)
 * @param windowSeconds the window's length
 * @param hits requests in the window
 * @param serverErrors 5xx answers among them
 * @param sectionHits requests in the window of each section an alert watches
 * @param full whether the window lies wholly after the log's first line (a floor is judged only then)
 */
public record TrafficWindow(String source, long second, int windowSeconds, long hits, long serverErrors,
        Map<String, Long> sectionHits, boolean full) implements SourceResult {
    public TrafficWindow {
        sectionHits = Map.copyOf(sectionHits);
    }

    @Override
    public String target() {
        return source;
    }

    /** Requests per second over the window. */
    public double requestsPerSecond() {
        return hits / (double) windowSeconds;
    }

    /** The share of 5xx answers in the window (0 when it holds no request). */
    public double serverErrorRatio() {
        return hits == 0 ? 0 : serverErrors / (double) hits;
    }

    /** A section's requests per second over the window. */
    public double sectionRate(String section) {
        return sectionHits.getOrDefault(section, 0L) / (double) windowSeconds;
    }
}
