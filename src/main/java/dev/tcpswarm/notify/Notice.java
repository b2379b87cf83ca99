package dev.tcpswarm.notify;

import java.util.Locale;
import java.util.Map;

/**
 * One notification to deliver: what an alert decided, in the words every channel needs. Made by
 * the monitor's notifier from an alert event; immutable, so any thread may read it.
 *
 * @param event {@code FIRING}, {@code RESOLVED} or {@code REMINDER}
 * @param state the target's state at the check, {@code DOWN}
 * @param message what happened, e.g. {@code db DOWN (3 consecutive timeouts)}
 * @param labels the target's labels
 * @param firingSinceEpochMillis when it started firing, wall clock; 0 when unknown
 * @param localTime {@code epochMillis} as the monitor stamps its lines: {@code 2025-10-08 14:30:00}
 * @param group true when the target is a group
 * @param value the figure a windowed rule judged ({@code 233 ms}); empty for a state rule
 * @param link the status page's address ({@code http://127.0.0.1:9469/}); empty when none is served
 */
public record Notice(String alert, String event, String target, String state, String message,
        Map<String, String> labels, long epochMillis, long firingSinceEpochMillis, String localTime, boolean group,
        String value, String link) {

    /** {@code db-down FIRING: db DOWN (3 consecutive timeouts)}. */
    public String line() {
        return alert + " " + event + ": " + message;
    }

    /** {@code firing}. */
    public String eventKey() {
        return event.toLowerCase(Locale.ROOT);
    }

    /** {@code down}. */
    public String stateKey() {
        return state.toLowerCase(Locale.ROOT);
    }
}
