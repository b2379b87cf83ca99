package dev.tcpswarm.cli;

import dev.tcpswarm.engine.RunControl;

/**
 * Ctrl-C and SIGTERM during a run: a JVM shutdown hook asks the run to stop, then waits until main
 * is done (the report printed, the files written, the connections closed, any error printed in
 * full) and ends the process with main's exit code (1, incomplete, after an interrupt); see
 * {@link ProcessEnd}. A run that ends by itself removes the hook, so a normal exit is untouched.
 * Installed and closed by the command's thread; the hook runs on the JVM's shutdown thread.
 */
final class SignalGuard implements AutoCloseable {
    private static final long MAX_WAIT_SECONDS = 30;

    private final RunControl control;
    private final Thread hook = new Thread(this::onSignal, "tcpswarm-signal");

    private SignalGuard(RunControl control) {
        this.control = control;
    }

    static SignalGuard install(RunControl control) {
        SignalGuard guard = new SignalGuard(control);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    private void onSignal() {
        control.interrupt();
        ProcessEnd.haltWhenMainIsDone(MAX_WAIT_SECONDS);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it ends the process once main is done
        }
    }
}
