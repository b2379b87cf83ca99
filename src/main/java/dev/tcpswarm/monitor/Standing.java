package dev.tcpswarm.monitor;

/**
 * Where a service or a group stands: its state, why, and since when. The one place a state moves,
 * so services and groups report their changes alike. Pipeline thread only.
 */
public final class Standing {
    private final String name;
    private final boolean group;
    private ServiceState state = ServiceState.UNKNOWN;
    private String reason;
    private long sinceEpochMillis;

    Standing(String name, boolean group, String reason) {
        this.name = name;
        this.group = group;
        this.reason = reason;
    }

    public String name() {
        return name;
    }

    /** True for a group, false for a service. */
    public boolean group() {
        return group;
    }

    public ServiceState state() {
        return state;
    }

    /** Why it is in its state, e.g. {@code 3 consecutive timeouts}. */
    public String reason() {
        return reason;
    }

    /** Wall-clock time of the last state change (0 before the first). */
    public long sinceEpochMillis() {
        return sinceEpochMillis;
    }

    /** Takes up a state remembered from an earlier run, without a change to report. */
    void resume(ServiceState remembered, String why, long sinceMillis) {
        state = remembered;
        reason = why;
        sinceEpochMillis = sinceMillis;
    }

    /** Moves to {@code next} for {@code why}; the change, or null when it stays (the reason is refreshed). */
    StateChange moveTo(ServiceState next, String why, long atNanos, long epochMillis) {
        reason = why;
        if (next == state) {
            return null;
        }
        StateChange change = new StateChange(name, group, state, next, why, atNanos, epochMillis);
        state = next;
        sinceEpochMillis = epochMillis;
        return change;
    }
}
