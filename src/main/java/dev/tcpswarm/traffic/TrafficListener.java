package dev.tcpswarm.traffic;

/**
 * What a {@link SourceTraffic} tells as it reads: each request and malformed line as it comes
 * (metrics count them at once), each finalised second's window rate, alerts, and closed
 * intervals. Called on the reading thread; an implementation must not block it.
 */
public interface TrafficListener {
    default void request(String source, Request r) {
    }

    default void malformed(String source) {
    }

    /** The window's average rate, requests per second, once {@code second} is final. */
    default void windowRate(String source, long second, double requestsPerSecond) {
    }

    default void alert(TrafficAlert alert) {
    }

    /** An interval of event time is complete (or, at the end, as far as it went). */
    default void intervalClosed(IntervalStats stats) {
    }
}
