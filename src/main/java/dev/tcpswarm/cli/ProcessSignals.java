package dev.tcpswarm.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * What SIGINT or SIGTERM means at each moment of the process, through one JVM shutdown hook that
 * {@code main} installs before anything else. Until a command has started what it runs (a run's
 * first connection, a server's listener), a signal ends the process at once with one line saying that
 * nothing was started, and the command's documented exit code for a signal; while it runs, the
 * signal asks it to stop ({@link #started}) and the process ends once main is done, with main's code
 * (the report, every file; see {@link ProcessEnd}); once it has stopped, or once a command that
 * only writes files starts writing them ({@link #writingResults}), a signal waits for main.
 * A signal before the JVM has set up its own handlers (its first few milliseconds) ends the process
 * as the system does (128 + the signal's number), with nothing started either.
 * Called by the command's thread; the hook runs on the JVM's shutdown thread.
 */
final class ProcessSignals {
    private static final long MAX_WAIT_SECONDS = 30;
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private enum Stage { NOT_STARTED, RUNNING, STOPPED }

    private static Stage stage = Stage.NOT_STARTED;
    private static boolean installed;
    private static boolean signalled;
    private static int notStartedExitCode;
    private static String notStartedLine = "interrupted before anything was started: nothing was opened";
    private static PrintStream promptOut;
    private static Runnable stop;

    private ProcessSignals() {
    }

    /** From main, first: {@code notStartedCode} is the exit code of a signal before the command has started. */
    static synchronized void install(int notStartedCode) {
        notStartedExitCode = notStartedCode;
        if (!installed) {
            installed = true;
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(ProcessSignals::onSignal, "tcpswarm-signal"));
            } catch (IllegalStateException shuttingDown) {
                // a signal came after the JVM set up its handlers and before this line: nothing started
                endNothingStarted(null, notStartedLine);
            }
        }
    }

    /**
     * The command waits at its prompt (printed on {@code out}): a signal now is a no, as a declined
     * prompt is, and its line says so. {@link #notAtThePrompt} ends that.
     */
    static synchronized void atThePrompt(PrintStream out) {
        promptOut = out;
        notStartedLine = "interrupted at the prompt: nothing was opened";
    }

    static synchronized void notAtThePrompt() {
        promptOut = null;
        notStartedLine = "interrupted before anything was started: nothing was opened";
    }

    /**
     * The command starts what it runs; a signal from now on calls {@code stopIt} and the process ends
     * when main is done. After a signal that found nothing started this never returns: the process is
     * ending, and nothing may start.
     */
    static void started(Runnable stopIt) {
        synchronized (ProcessSignals.class) {
            if (!signalled) {
                stage = Stage.RUNNING;
                stop = stopIt;
                return;
            }
        }
        awaitTheEnd();
    }

    /**
     * A command that opens nothing but files (merge) has what it is going to write: a signal from now
     * on waits for main, which writes every file and prints the report, so that no file is left
     * half-written or under its temporary name. After a signal that came before, this never returns:
     * nothing was written, and the process is ending.
     */
    static void writingResults() {
        synchronized (ProcessSignals.class) {
            if (!signalled) {
                if (stage == Stage.NOT_STARTED) {
                    stage = Stage.STOPPED;
                }
                return;
            }
        }
        awaitTheEnd();
    }

    /** What {@link #started} began has stopped; a signal now only waits for main's exit code. */
    static synchronized void stopped() {
        if (stage == Stage.RUNNING) {
            stage = Stage.STOPPED;
            stop = null;
        }
    }

    private static void onSignal() {
        if (ProcessEnd.mainIsDone()) {
            return; // an exit of main's own, not a signal
        }
        Stage now;
        Runnable stopIt;
        String line;
        PrintStream prompt;
        synchronized (ProcessSignals.class) {
            signalled = true;
            now = stage;
            stopIt = stop;
            line = notStartedLine;
            prompt = promptOut;
        }
        switch (now) {
            case NOT_STARTED -> endNothingStarted(prompt, line);
            case RUNNING -> {
                stopIt.run();
                ProcessEnd.haltWhenMainIsDone(MAX_WAIT_SECONDS);
            }
            case STOPPED -> ProcessEnd.haltWhenMainIsDone(MAX_WAIT_SECONDS);
        }
    }

    private static void endNothingStarted(PrintStream prompt, String line) {
        if (prompt != null) {
            prompt.println(); // the answer's line, not typed
            prompt.flush();
        }
        System.out.flush();
        System.err.println("tcpswarm: " + line);
        System.err.flush();
        Runtime.getRuntime().halt(notStartedExitCode);
    }

    private static void awaitTheEnd() {
        while (true) {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                // keep waiting: the signal's hook halts the process
            }
        }
    }
}
