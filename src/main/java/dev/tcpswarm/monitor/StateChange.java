package dev.tcpswarm.monitor;

/**
 * A service or group moved from one state to another, and why: printed as
 * {@code db: DOWN (3 consecutive timeouts)}.
 *
 * @param group true for a group, false for a service
 * @param atNanos monotonic time of the change
 * @param epochMillis wall-clock time of the change
 */
public record StateChange(String name, boolean group, ServiceState from, ServiceState to, String reason, long atNanos,
        long epochMillis) {

    /** {@code db: DOWN (3 consecutive timeouts)}. */
    public String line() {
        return name + ": " + to + " (" + reason + ")";
    }
}
