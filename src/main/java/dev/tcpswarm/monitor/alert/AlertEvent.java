package dev.tcpswarm.monitor.alert;

import dev.tcpswarm.monitor.ServiceState;
import java.util.List;
import java.util.Map;

/**
 * An alert decided something: it fires, resolves, reminds, or is held back in favour of its group's
 * alert. Made by the pipeline thread; the notifier sends it to its channels.
 *
 * @param target the service or group it watches
 * @param targetState the target's state at that check
 * @param message what happened, e.g. {@code db DOWN (3 consecutive timeouts)}
 * @param labels the target service's labels (empty for a group)
 * @param firingSinceEpochMillis when it started firing, wall clock
 * @param group true when the target is a group
 * @param value the figure a windowed or traffic rule judged ({@code 233 ms}, {@code 12.5%}); empty for a state rule
 */
public record AlertEvent(String alert, String target, AlertState.Event event, ServiceState targetState, String message,
        List<String> channels, Map<String, String> labels, long atNanos, long epochMillis, long firingSinceEpochMillis,
        boolean group, String value) {

    /** {@code db-down FIRING: db DOWN (3 consecutive timeouts)}. */
    public String line() {
        return alert + " " + event + ": " + message;
    }
}
