package dev.tcpswarm.monitor;

import java.util.List;

/**
 * Where monitoring stood when it last stopped, as a lasting store remembers it: each service's and
 * group's state, why and since when, and the alerts that were firing (sent, not resolved). The
 * monitor starts from it ({@link MonitorCore#resume}) instead of UNKNOWN, so a restart neither
 * forgets an outage nor alerts on it again. Immutable.
 */
public record Resume(List<LastState> states, List<LastAlert> alerts) {
    /** Nothing remembered: every service starts UNKNOWN. */
    public static final Resume NONE = new Resume(List.of(), List.of());

    /**
     * A service's or group's last state.
     *
     * @param group true for a group
     * @param sinceEpochMillis when it entered that state, wall clock
     */
    public record LastState(String name, boolean group, ServiceState state, String reason, long sinceEpochMillis) {
    }

    /**
     * An alert that was firing, its firing sent and not resolved.
     *
     * @param lastSentEpochMillis when its firing or last reminder was sent, wall clock
     */
    public record LastAlert(String alert, long firingSinceEpochMillis, long lastSentEpochMillis) {
    }
}
