package dev.tcpswarm.cli;

import dev.tcpswarm.verdict.ExitCode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The end of the process, decided in one place: {@code main} hands its exit code over here once the
 * command has returned, every line printed (the report, or an error and, with --debug, its stack
 * trace). A signal's shutdown hook ({@link SignalGuard}) waits for that before it ends the process,
 * and ends it with that code: nothing main still had to print is cut off, and the code is the one
 * the command chose, not one guessed in the hook. Called by main's thread and by a shutdown hook.
 */
final class ProcessEnd {
    private static final CountDownLatch MAIN_DONE = new CountDownLatch(1);
    private static volatile int exitCode = ExitCode.INCOMPLETE;

    private ProcessEnd() {
    }

    /** From main: the command is done; exit with {@code code}. */
    static void exit(int code) {
        exitCode = code;
        System.out.flush();
        System.err.flush();
        MAIN_DONE.countDown();
        // During a signal's shutdown this blocks, and the hook waiting in haltWhenMainIsDone ends
        // the process with this code.
        System.exit(code);
    }

    /** Whether main has handed over its exit code (a shutdown hook running now runs for main's own exit). */
    static boolean mainIsDone() {
        return MAIN_DONE.getCount() == 0;
    }

    /**
     * From a shutdown hook: waits until main is done (at most {@code maxWaitSeconds}; after that the
     * run counts as incomplete, exit 1), then ends the process with main's exit code.
     */
    static void haltWhenMainIsDone(long maxWaitSeconds) {
        try {
            MAIN_DONE.await(maxWaitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    }
}
