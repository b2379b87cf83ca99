package dev.tcpswarm.ramp;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.verdict.Threshold;
import java.util.ArrayList;
import java.util.List;

/**
 * What a capacity search will do, decided before it starts: how connections are opened (a
 * {@link LoadPlan} used as a template, its connection count replaced per level), the levels, how
 * long each is held, what makes one fail, and how finely the limit is narrowed down.
 *
 * @param dialing target, pacing, dial timeout, close mode, sources and threads for every connection
 * @param start the first level
 * @param step how the next level follows from the last
 * @param max the ceiling: the last level, never passed
 * @param levelHoldNanos how long every level (and fresh attempt) is held once all its connections resolved
 * @param precision how close the refining search gets
 * @param failWhen expressions that fail a level when one holds; empty for the default rule (any
 *     error, any connection the server closed)
 * @param cooldownNanos pause after closing everything, before a fresh attempt
 */
public record RampPlan(LoadPlan dialing, int start, LevelStep step, int max, long levelHoldNanos, Precision precision,
        List<Threshold> failWhen, long cooldownNanos) {

    /** Open files kept back from the default ceiling for the JVM, Netty and the output files. */
    public static final int RESERVED_FDS = 100;
    /** The default ceiling is never above this, however high the open-files limit. */
    public static final int HIGHEST_DEFAULT_MAX = 1_000_000;
    /** The default ceiling where the open-files limit is unknown. */
    public static final int UNKNOWN_LIMIT_MAX = 10_000;

    public RampPlan {
        failWhen = List.copyOf(failWhen);
        if (start < 1 || max < start) {
            throw new IllegalArgumentException("need 1 <= start <= max: " + start + ", " + max);
        }
    }

    /** The ceiling when none is given: the open-files limit less {@link #RESERVED_FDS}, capped. */
    public static int defaultMax(long openFilesLimit) {
        if (openFilesLimit <= 0) {
            return UNKNOWN_LIMIT_MAX;
        }
        return (int) Math.max(1, Math.min(HIGHEST_DEFAULT_MAX, openFilesLimit - RESERVED_FDS));
    }

    /** Every level in order: start, then step by step, the last one exactly max. */
    public List<Integer> levels() {
        List<Integer> levels = new ArrayList<>();
        for (int level = start; ; level = step.next(level, max)) {
            levels.add(level);
            if (level >= max) {
                return levels;
            }
        }
    }

    /** The plan for opening {@code connections} connections the ramp's way, with no hold of its own. */
    public LoadPlan dialPlan(int connections) {
        LoadPlan d = dialing;
        return new LoadPlan(d.target(), connections, d.startIntervalNanos(), d.dialTimeoutMillis(), 0, false, 0,
                d.closeMode(), d.sources(), d.threads());
    }

    /** True when no --fail-when was given: the first error or server close fails a level. */
    public boolean failsAtFirstTrouble() {
        return failWhen.isEmpty();
    }
}
