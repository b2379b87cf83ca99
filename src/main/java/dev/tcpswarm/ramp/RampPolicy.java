package dev.tcpswarm.ramp;

import dev.tcpswarm.ramp.LevelResult.Phase;
import dev.tcpswarm.ramp.RampVerdict.Outcome;
import java.util.List;
import java.util.function.Consumer;

/**
 * The capacity search as a pure policy: which level to hold next, and what the levels judged say.
 * Levels grow by the plan's step (each adding to the connections already held); after the first
 * level that fails, everything is closed and the limit is narrowed down between the last good and
 * the first failed level by bisection, each attempt a fresh set of connections opened from
 * nothing, until the two are within the plan's precision. A level that ran into a limit on this
 * machine (open files, local ports) ends the search: it says nothing about the server. It holds no
 * connection itself: {@link Levels} does ({@link RampSearch} on the engine, a table in a test).
 *
 * <p>Threads: the search's thread only.
 */
public final class RampPolicy {
    /** The world the policy judges levels in. */
    public interface Levels {
        /**
         * Holds {@code target} connections and judges the level: for {@link Phase#RAMP} by adding to
         * those held, for {@link Phase#BISECT} from nothing (everything was closed before).
         */
        LevelResult judge(Phase phase, int target) throws InterruptedException;

        /** Closes every connection held. */
        void closeAll() throws InterruptedException;

        /** Waits {@code nanos} before a fresh attempt; true when a stop was requested meanwhile. */
        boolean coolDown(long nanos) throws InterruptedException;
    }

    private final RampPlan plan;

    public RampPolicy(RampPlan plan) {
        this.plan = plan;
    }

    /**
     * Runs the search, adding each level judged to {@code judged} and telling {@code listener};
     * returns the verdict. Everything is closed when it returns after a failed level or a fresh
     * attempt; after a search with no failure the last level is still held (the caller closes it).
     */
    public RampVerdict search(Levels levels, List<LevelResult> judged, Consumer<LevelResult> listener)
            throws InterruptedException {
        LevelResult lastGood = null;
        LevelResult failed = null;
        for (int target : plan.levels()) {
            LevelResult level = levels.judge(Phase.RAMP, target);
            judged.add(level);
            listener.accept(level);
            if (level.interrupted()) {
                return interrupted(lastGood == null ? 0 : lastGood.target(), 0, null);
            }
            if (level.localLimit() != null) {
                return localLimit(level);
            }
            if (!level.passed()) {
                failed = level;
                break;
            }
            lastGood = level;
        }
        levels.closeAll();
        if (failed == null) {
            return new RampVerdict(Outcome.NO_LIMIT, lastGood.target(), 0, null, null, 0, plan.max());
        }
        if (lastGood == null) {
            return new RampVerdict(Outcome.FIRST_LEVEL_FAILED, 0, failed.target(), failed.failure(), null, 0,
                    plan.max());
        }
        return bisect(levels, judged, listener, lastGood.target(), failed);
    }

    /** Fresh attempts between {@code good} (held) and {@code failed}, until they are within the precision. */
    private RampVerdict bisect(Levels levels, List<LevelResult> judged, Consumer<LevelResult> listener, int good,
            LevelResult failed) throws InterruptedException {
        int lo = good;
        int hi = failed.target();
        String failure = failed.failure();
        int precision = plan.precision().connections(hi);
        while (hi - lo > precision) {
            if (levels.coolDown(plan.cooldownNanos())) {
                return interrupted(lo, hi, failure);
            }
            int mid = lo + (hi - lo) / 2;
            LevelResult attempt = levels.judge(Phase.BISECT, mid);
            levels.closeAll();
            judged.add(attempt);
            listener.accept(attempt);
            if (attempt.interrupted()) {
                return interrupted(lo, hi, failure);
            }
            if (attempt.localLimit() != null) {
                return localLimit(attempt);
            }
            if (attempt.passed()) {
                lo = mid;
            } else {
                hi = mid;
                failure = attempt.failure();
            }
        }
        return new RampVerdict(Outcome.LIMIT_FOUND, lo, hi, failure, null, 0, plan.max());
    }

    private RampVerdict interrupted(int good, int failedAt, String failure) {
        return new RampVerdict(Outcome.INTERRUPTED, good, failedAt, failure, null, 0, plan.max());
    }

    private RampVerdict localLimit(LevelResult level) {
        return new RampVerdict(Outcome.LOCAL_LIMIT, 0, 0, null, level.localLimit(),
                level.held().counts().established(), plan.max());
    }
}
