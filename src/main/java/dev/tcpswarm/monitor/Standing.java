package dev.tcpswarm.monitor;

/**
 * Where a service or a group stands: its state, why, and since when. The one place a state moves,
 * so services and groups report their changes alike. During a maintenance window it shows
 * MAINTENANCE while its judged state moves on unseen (no change is reported until the window ends,
 * then the judged state is). Pipeline thread only.
 */
public final class Standing {
    private final String name;
    private final boolean group;
    private ServiceState state = ServiceState.UNKNOWN;
    private String reason;
    private long sinceEpochMillis;
    /** The maintenance window it is in, or null. */
    private String maintenance;
    private String maintenanceReason;

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

    /** The state shown: MAINTENANCE during a window, else the judged one. */
    public ServiceState state() {
        return maintenance != null ? ServiceState.MAINTENANCE : state;
    }

    /** The state its probes or members give, also during a window. */
    public ServiceState judged() {
        return state;
    }

    /** The maintenance window it is in, or null. */
    public String maintenance() {
        return maintenance;
    }

    /** Why it is in its state, e.g. {@code 3 consecutive timeouts}. */
    public String reason() {
        return maintenance != null ? maintenanceReason : reason;
    }

    /** Wall-clock time of the last state change (0 before the first). */
    public long sinceEpochMillis() {
        return sinceEpochMillis;
    }

    /** Takes up a state remembered from an earlier run, without a change to report. */
    void resume(ServiceState remembered, String why, long sinceMillis) {
        if (remembered == ServiceState.MAINTENANCE) {
            return; // what it was judged to be is not known; the window, if still on, is taken up again
        }
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
        if (maintenance != null) {
            return null; // unseen until the window ends
        }
        sinceEpochMillis = epochMillis;
        return change;
    }

    /**
     * Enters (a window's name) or leaves (null) maintenance; the change shown, or null when it was
     * already so. Entering another window while in one changes the reason only.
     */
    StateChange maintain(String window, String why, long atNanos, long epochMillis) {
        if (window == null ? maintenance == null : maintenance != null) {
            if (window != null) {
                maintenance = window;
                maintenanceReason = why;
            }
            return null;
        }
        ServiceState shown = state();
        maintenance = window;
        maintenanceReason = why;
        sinceEpochMillis = epochMillis;
        return new StateChange(name, group, shown, state(), reason(), atNanos, epochMillis);
    }
}
