package dev.tcpswarm.traffic;

/**
 * A rule of a source that started or stopped being bad, at a second of event time, with the
 * window's figures and the message. Immutable; handed from the reading thread to the printers.
 *
 * @param second the Unix second of event time at which the window's average crossed
 * @param hits the window's hits (the section's, for a section rule)
 * @param value the window's measure: requests per second, or the 5xx ratio
 */
public record TrafficAlert(String source, TrafficRule rule, boolean firing, long second, long hits, double value,
        String message) {
}
