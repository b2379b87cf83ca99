package dev.tcpswarm.engine;

import java.util.concurrent.CompletableFuture;

/**
 * How the outside world stops a run early: Ctrl-C or SIGTERM ({@link #interrupt()}), or a threshold
 * that can no longer pass ({@link #abort(String)}). Thread-safe; the first request wins.
 */
public final class RunControl {
    /** Why the run was stopped early. */
    public enum Stop { INTERRUPTED, ABORTED }

    private final CompletableFuture<Stop> stop = new CompletableFuture<>();
    private volatile String abortReason = "";

    public void interrupt() {
        stop.complete(Stop.INTERRUPTED);
    }

    public void abort(String reason) {
        abortReason = reason;
        stop.complete(Stop.ABORTED);
    }

    public CompletableFuture<Stop> stopRequested() {
        return stop;
    }

    /** The stop request, or null while none came. */
    public Stop stop() {
        return stop.getNow(null);
    }

    public String abortReason() {
        return abortReason;
    }
}
