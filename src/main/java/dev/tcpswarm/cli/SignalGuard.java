package dev.tcpswarm.cli;

import dev.tcpswarm.engine.RunControl;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM during a run: a JVM shutdown hook asks the run to stop, waits until the command
 * has printed its report, written its files and closed its connections (everything opened after the
 * guard, in try-with-resources), then ends the process with the command's exit code (1, incomplete).
 * A run that ends by itself removes the hook, so a normal exit is untouched.
 */
final class SignalGuard implements AutoCloseable {
    private static final long MAX_WAIT_SECONDS = 30;

    private final RunControl control;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onSignal, "tcpswarm-signal");
    private volatile int exitCode = 1;

    private SignalGuard(RunControl control, PrintStream out) {
        this.control = control;
        this.out = out;
    }

    static SignalGuard install(RunControl control, PrintStream out) {
        SignalGuard guard = new SignalGuard(control, out);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    private void onSignal() {
        control.interrupt();
        try {
            finished.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    /**
     * The command's exit code, once its report is printed and its files written. The hook lets the
     * process end only at {@link #close()}, so resources closed before the guard (the connections,
     * reset rather than left in TIME_WAIT) are closed first.
     */
    void finished(int code) {
        exitCode = code;
    }

    @Override
    public void close() {
        out.flush();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it ends the process once it sees 'finished'
        }
    }
}
