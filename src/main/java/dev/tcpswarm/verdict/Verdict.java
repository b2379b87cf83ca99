package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.RunResult;
import java.util.List;

/**
 * The rule that turns a run into its exit code. Interrupted is always 1. When thresholds were given
 * they decide (0 or 3), so a pipeline can allow a few errors; otherwise tcpgoon's rule stands: 0 when
 * every connection was established, 2 when any failed or the deadline cut the run short.
 */
public final class Verdict {
    private Verdict() {
    }

    public static int exitCode(RunResult result, List<Threshold> thresholds, List<ThresholdResult> judged) {
        if (result.interrupted()) {
            return ExitCode.INCOMPLETE;
        }
        if (!thresholds.isEmpty()) {
            return Threshold.allPassed(judged) ? ExitCode.OK : ExitCode.THRESHOLD_FAILED;
        }
        return result.allEstablished() && !result.deadlineReached() ? ExitCode.OK : ExitCode.CONNECTIONS_FAILED;
    }

    /**
     * The exit code once the output files are written: an output file that could not be written
     * turns any verdict into {@link ExitCode#OUTPUT_FAILED}, but an interrupted run stays
     * {@link ExitCode#INCOMPLETE} (it was stopped before anything could be judged).
     */
    public static int withOutputs(int exitCode, boolean outputFailed) {
        return outputFailed && exitCode != ExitCode.INCOMPLETE ? ExitCode.OUTPUT_FAILED : exitCode;
    }
}
