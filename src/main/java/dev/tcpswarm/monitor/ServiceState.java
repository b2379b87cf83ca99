package dev.tcpswarm.monitor;

import java.util.Locale;

/**
 * What a service or group is judged to be. UNKNOWN until its first verdict; MAINTENANCE during one of
 * its maintenance windows (its probes are judged on, unseen, and its alerts held).
 */
public enum ServiceState {
    UNKNOWN, UP, DEGRADED, DOWN, MAINTENANCE;

    /** Lower case, for metric labels and JSON: {@code up}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
