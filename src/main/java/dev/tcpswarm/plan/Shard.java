package dev.tcpswarm.plan;

import java.net.InetAddress;
import java.util.List;

/**
 * Where one process's part sits in a plan that several processes run together ({@code run --shard
 * I/N}): its index and the number of shards, and the whole plan's figures that each shard only
 * takes a share of. The shares are exact: shard {@code I} takes the plan's connections
 * {@code I, I+N, I+2N, ...}, so the shares differ by at most one and add up to the whole, and
 * their planned starts interleave into the whole plan's schedule (N shards at {@code --rate R}
 * start R per second together). The source addresses are split in contiguous blocks, as machines
 * own address blocks. A value, made by the command line before the run; read by any thread.
 *
 * @param index this shard, 0 to count - 1 (Kubernetes' {@code JOB_COMPLETION_INDEX} counts so too)
 * @param count how many shards run the plan
 * @param planConnections the whole plan's connections
 * @param planStartIntervalNanos the whole plan's time between planned starts (0: unpaced)
 * @param planSources the whole plan's source addresses (empty: the kernel chooses)
 */
public record Shard(int index, int count, int planConnections, long planStartIntervalNanos,
        List<InetAddress> planSources) {

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": the index runs from 0 to count - 1");
        }
        planSources = List.copyOf(planSources);
    }

    /** The whole plan, run by one process. */
    public static Shard whole(int connections, long startIntervalNanos, List<InetAddress> sources) {
        return new Shard(0, 1, connections, startIntervalNanos, sources);
    }

    /** True for a plan run by one process alone. */
    public boolean isWhole() {
        return count == 1;
    }

    /** {@code index/count}, as the command line writes it. */
    public String label() {
        return index + "/" + count;
    }

    /** This shard's share of {@code total} items: {@code total / count}, one more for the first {@code total % count} shards. */
    public long share(long total) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /** This shard's block of {@code items}: contiguous, sized as {@link #share}. */
    public <T> List<T> blockOf(List<T> items) {
        int size = items.size();
        int first = index * (size / count) + Math.min(index, size % count);
        return List.copyOf(items.subList(first, first + (int) share(size)));
    }

    /** The planned start of this shard's {@code k}-th connection on the whole plan's clock: that of the plan's connection {@code index + k * count}. */
    public long plannedStartNanos(long k) {
        return (index + k * count) * planStartIntervalNanos;
    }
}
