package dev.tcpswarm.report;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.verdict.ThresholdResult;
import java.util.List;

/**
 * Everything the end-of-run writers (JSON result, JUnit XML) need about one run, in one value, so
 * the command line builds it once and hands the same thing to each of them.
 *
 * @param command the subcommand that ran, e.g. {@code run}
 * @param toolVersion tcpswarm's version
 * @param plan what the run set out to do
 * @param result what happened
 * @param thresholds every --threshold, judged (empty when none were given)
 * @param exitCode the exit code the process ends with
 */
public record ResultDocument(String command, String toolVersion, LoadPlan plan, RunResult result,
        List<ThresholdResult> thresholds, int exitCode) {

    public ResultDocument {
        thresholds = List.copyOf(thresholds);
    }

    /** The same document with another exit code (the final one, once the files are known to be written). */
    public ResultDocument withExitCode(int code) {
        return new ResultDocument(command, toolVersion, plan, result, thresholds, code);
    }
}
