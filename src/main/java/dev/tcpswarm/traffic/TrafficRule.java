package dev.tcpswarm.traffic;

import java.util.Locale;

/**
 * An alert rule on a source's traffic over the sliding window: the request rate above a threshold
 * (HttpMonitor's high-traffic alert), the rate below a floor (traffic stopped), the share of 5xx
 * answers above a ratio, or one section's rate above a threshold. A rule is bad at a second of event
 * time when its condition holds over the window ending with that second. Immutable; any thread.
 *
 * @param minHits for {@link Kind#SERVER_ERRORS}, the fewest hits in the window for the ratio to count
 */
public record TrafficRule(Kind kind, double threshold, String section, long minHits) {
    /** What a rule watches. */
    public enum Kind { HIGH_TRAFFIC, LOW_TRAFFIC, SERVER_ERRORS, SECTION_TRAFFIC }

    /** The fewest hits in the window a 5xx ratio is judged on unless told otherwise. */
    public static final long DEFAULT_MIN_HITS = 10;

    public static TrafficRule highTraffic(double requestsPerSecond) {
        return new TrafficRule(Kind.HIGH_TRAFFIC, requestsPerSecond, null, 0);
    }

    public static TrafficRule lowTraffic(double requestsPerSecond) {
        return new TrafficRule(Kind.LOW_TRAFFIC, requestsPerSecond, null, 0);
    }

    public static TrafficRule serverErrors(double ratio, long minHits) {
        return new TrafficRule(Kind.SERVER_ERRORS, ratio, null, minHits);
    }

    public static TrafficRule sectionTraffic(String section, double requestsPerSecond) {
        return new TrafficRule(Kind.SECTION_TRAFFIC, requestsPerSecond, section, 0);
    }

    /**
     * Whether the rule is bad for a window of {@code windowSeconds} holding {@code hits} requests,
     * {@code serverErrors} of them 5xx and {@code sectionHits} of the rule's section; {@code full}
     * says whether the window lies wholly after the source's first line (a floor is judged only then).
     */
    boolean bad(long hits, long serverErrors, long sectionHits, int windowSeconds, boolean full) {
        return switch (kind) {
            case HIGH_TRAFFIC -> hits / (double) windowSeconds > threshold;
            case LOW_TRAFFIC -> full && hits / (double) windowSeconds < threshold;
            case SERVER_ERRORS -> hits >= Math.max(1, minHits) && serverErrors / (double) hits > threshold;
            case SECTION_TRAFFIC -> sectionHits / (double) windowSeconds > threshold;
        };
    }

    /** The alert's text, HttpMonitor's own for the high-traffic rule. */
    public String message(boolean firing, long hits, long serverErrors, long sectionHits, String time) {
        return switch (kind) {
            case HIGH_TRAFFIC -> firing
                    ? "High traffic generated an alert - hits = " + hits + ", triggered at " + time
                    : "Traffic back to normal - hits = " + hits + ", recovered at " + time;
            case LOW_TRAFFIC -> firing
                    ? "Low traffic generated an alert - hits = " + hits + ", triggered at " + time
                    : "Traffic back above the floor - hits = " + hits + ", recovered at " + time;
            case SERVER_ERRORS -> (firing ? "High 5xx ratio generated an alert" : "5xx ratio back to normal")
                    + " - 5xx = " + serverErrors + " of " + hits + " hits ("
                    + String.format(Locale.ROOT, "%.1f%%", hits == 0 ? 0.0 : 100.0 * serverErrors / hits) + "), "
                    + (firing ? "triggered at " : "recovered at ") + time;
            case SECTION_TRAFFIC -> firing
                    ? "High traffic on " + section + " generated an alert - hits = " + sectionHits + ", triggered at " + time
                    : "Traffic on " + section + " back to normal - hits = " + sectionHits + ", recovered at " + time;
        };
    }

    /** What the rule says, for banners: {@code requests_per_second > 10}. */
    public String describe() {
        String t = number(threshold);
        return switch (kind) {
            case HIGH_TRAFFIC -> "requests_per_second > " + t;
            case LOW_TRAFFIC -> "requests_per_second < " + t;
            case SERVER_ERRORS -> "status_5xx_ratio > " + t;
            case SECTION_TRAFFIC -> "section_rate " + section + " > " + t;
        };
    }

    /** A limit as the messages write it: {@code 10}, {@code 2.5}. */
    public static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
