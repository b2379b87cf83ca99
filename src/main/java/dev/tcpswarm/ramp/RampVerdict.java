package dev.tcpswarm.ramp;

import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.verdict.ExitCode;

/**
 * What the search found, as the one verdict line and the exit code: the server's limit, no limit
 * up to the ceiling, a first level that already failed, a limit on this machine (which is not the
 * server's capacity), or an interrupted search with what it knew so far.
 *
 * @param outcome which of those it is
 * @param maxConcurrency the highest concurrency that held; 0 when none did
 * @param firstFailureAt the lowest concurrency that failed; 0 when none did
 * @param failure why that one failed (e.g. {@code reset by peer}); null when none did
 * @param localLimit for {@link Outcome#LOCAL_LIMIT}: the limit on this machine, else null
 * @param localAt for {@link Outcome#LOCAL_LIMIT}: connections open when it was reached
 * @param ceiling the highest level the search would have tried
 */
public record RampVerdict(Outcome outcome, int maxConcurrency, int firstFailureAt, String failure,
        ErrorReason localLimit, long localAt, int ceiling) {

    /** How the search ended. */
    public enum Outcome {
        LIMIT_FOUND("limit_found", ExitCode.OK),
        NO_LIMIT("no_limit", ExitCode.OK),
        FIRST_LEVEL_FAILED("first_level_failed", ExitCode.CONNECTIONS_FAILED),
        LOCAL_LIMIT("local_limit", ExitCode.INCOMPLETE),
        INTERRUPTED("interrupted", ExitCode.INCOMPLETE);

        private final String key;
        private final int exitCode;

        Outcome(String key, int exitCode) {
            this.key = key;
            this.exitCode = exitCode;
        }

        /** Machine key for the JSON result, e.g. {@code limit_found}. */
        public String key() {
            return key;
        }
    }

    public int exitCode() {
        return outcome.exitCode;
    }

    /** The verdict as one line, e.g. {@code max concurrency: 1500 (first failure at 1516: reset by peer)}. */
    public String line() {
        return switch (outcome) {
            case LIMIT_FOUND -> "max concurrency: " + maxConcurrency + " (first failure at " + firstFailureAt + ": "
                    + failure + ")";
            case NO_LIMIT -> "no limit found up to " + ceiling;
            case FIRST_LEVEL_FAILED -> "no level held: the first level, " + firstFailureAt + " connections, failed: "
                    + failure;
            case LOCAL_LIMIT -> "local limit reached at " + localAt + " connections: " + localLimit.description()
                    + " - not the server's capacity; " + localLimit.hint();
            case INTERRUPTED -> interruptedLine();
        };
    }

    private String interruptedLine() {
        if (firstFailureAt > 0) {
            return "interrupted: max concurrency so far " + maxConcurrency + " (first failure at " + firstFailureAt
                    + ": " + failure + ")";
        }
        if (maxConcurrency > 0) {
            return "interrupted: no failure up to " + maxConcurrency;
        }
        return "interrupted before the first level completed";
    }
}
