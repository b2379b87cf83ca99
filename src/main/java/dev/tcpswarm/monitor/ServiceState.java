package dev.tcpswarm.monitor;

import java.util.Locale;

/** What a service or group is judged to be. UNKNOWN until its first verdict. */
public enum ServiceState {
    UNKNOWN, UP, DEGRADED, DOWN;

    /** Lower case, for metric labels and JSON: {@code up}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
