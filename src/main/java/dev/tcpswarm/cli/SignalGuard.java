package dev.tcpswarm.cli;

import dev.tcpswarm.engine.RunControl;

/**
 * Ctrl-C and SIGTERM during a run: the signal asks the run to stop, and the process ends once main
 * is done (the report printed, the files written, the connections closed, any error printed in
 * full) with main's exit code (1, incomplete, after an interrupt); see {@link ProcessSignals} and
 * {@link ProcessEnd}. Closed when the run has stopped: a signal after that waits for main only.
 * Installed and closed by the command's thread.
 */
final class SignalGuard implements AutoCloseable {
    private SignalGuard() {
    }

    static SignalGuard install(RunControl control) {
        ProcessSignals.started(control::interrupt);
        return new SignalGuard();
    }

    @Override
    public void close() {
        ProcessSignals.stopped();
    }
}
