package dev.tcpswarm.merge;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import java.util.List;

/**
 * The shards of one plan as one run: the whole plan, the merged result (what the report, the JSON
 * result and the verdict take, as for {@code run}), and the merged timeline on the shards' common
 * clock (what the CSV, the HDR log and the HTML report's charts take). A value.
 *
 * @param intervals the merged progress intervals, oldest first: the shards' intervals that end at
 *     the same moment of the common clock, added up
 * @param intervalMillis the length of the intervals (0: one, the whole run)
 * @param maxConcurrentUpperBound the shards' own peaks added up: the true peak is at most this,
 *     and at least {@code result.totals().maxConcurrent()}, the peak on the merged timeline
 */
public record MergedRun(LoadPlan plan, RunResult result, List<IntervalSample> intervals, long intervalMillis,
        int shards, long maxConcurrentUpperBound) {

    public MergedRun {
        intervals = List.copyOf(intervals);
    }
}
