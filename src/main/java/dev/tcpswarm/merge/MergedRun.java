package dev.tcpswarm.merge;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import java.nio.file.Path;
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
 * @param each every shard's own result, by shard index
 */
public record MergedRun(LoadPlan plan, RunResult result, List<IntervalSample> intervals, long intervalMillis,
        int shards, long maxConcurrentUpperBound, List<Shard> each) {

    public MergedRun {
        intervals = List.copyOf(intervals);
        each = List.copyOf(each);
    }

    /**
     * One shard as it ran: what the report's shard table shows of it.
     *
     * @param json the file its result was read from
     * @param startOffsetNanos how long after the earliest shard it started
     */
    public record Shard(int index, Path json, long startOffsetNanos, RunResult result) {
    }
}
