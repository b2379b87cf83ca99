package dev.tcpswarm.merge;

import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.IntervalTraffic;
import dev.tcpswarm.stats.LatencySeries;
import dev.tcpswarm.stats.StatusCounts;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The shards' intervals on their common clock, added up as the shards' logs are replayed: interval
 * {@code k} ends {@code k} interval lengths after the common start, and holds each shard's interval
 * that ends nearest to that moment (with --start-at, the shards sample at the same moments: the
 * k-th of each). A shard with no interval there adds its counts as they last were (before its
 * first interval: all not initiated; after its last: as it ended). Without intervals (-i 0) each
 * shard has one, the whole run, and so has the merge. Histograms are made only for intervals that
 * have values, and packed. Used on the command's thread.
 */
final class Timeline {
    private final long startMillis;
    private final long stepMillis;
    private final List<Step> steps = new ArrayList<>();
    private final List<Shard> shards = new ArrayList<>();
    private long lastEndMillis;

    /** A timeline from {@code startMillis} (epoch), in steps of {@code stepMillis} (0: one step). */
    Timeline(long startMillis, long stepMillis) {
        this.startMillis = startMillis;
        this.stepMillis = stepMillis;
        this.lastEndMillis = startMillis;
    }

    /** A place for one more shard's intervals. */
    Shard shard() {
        Shard shard = new Shard();
        shards.add(shard);
        return shard;
    }

    /** One shard's intervals, as they are added: their steps, and its counts at each. */
    final class Shard {
        private final List<Integer> stepOf = new ArrayList<>();
        private final List<StatusCounts> countsAt = new ArrayList<>();

        /** The shard's next interval. */
        void add(IntervalSample sample) {
            int k = stepMillis == 0 ? 1
                    : (int) Math.max(1, Math.round((sample.epochMillis() - startMillis) / (double) stepMillis));
            while (steps.size() <= k) {
                steps.add(new Step());
            }
            steps.get(k).add(sample);
            stepOf.add(k);
            countsAt.add(sample.counts()); // two of one shard on one step: the later one's counts count
            lastEndMillis = Math.max(lastEndMillis, sample.epochMillis());
        }
    }

    /** The merged intervals, oldest first. */
    List<IntervalSample> intervals() {
        int last = Math.max(1, steps.size() - 1);
        while (steps.size() <= last) {
            steps.add(new Step());
        }
        for (Shard shard : shards) {
            long total = shard.countsAt.isEmpty() ? 0 : shard.countsAt.get(0).total();
            StatusCounts counts = new StatusCounts(total, 0, 0, 0, 0, total);
            int j = 0;
            for (int k = 1; k <= last; k++) {
                for (; j < shard.stepOf.size() && shard.stepOf.get(j) == k; j++) {
                    counts = shard.countsAt.get(j);
                }
                steps.get(k).counts = steps.get(k).counts.plus(counts);
            }
        }
        List<IntervalSample> intervals = new ArrayList<>();
        for (int k = 1; k <= last; k++) {
            long from = startMillis + (k - 1) * stepMillis;
            long to = k == last ? Math.max(lastEndMillis, from) : startMillis + k * stepMillis;
            intervals.add(steps.get(k).sample(from, to));
        }
        return intervals;
    }

    /** One interval of the merged timeline, as it is added up. */
    private static final class Step {
        StatusCounts counts = new StatusCounts(0, 0, 0, 0, 0, 0);
        long started;
        long established;
        long late;
        /** The shards' traffic added up; null once one interval did not count it (an older log). */
        IntervalTraffic traffic = IntervalTraffic.NONE;
        final Map<LatencySeries, Histogram> histograms = new EnumMap<>(LatencySeries.class);

        void add(IntervalSample s) {
            started += s.startedInInterval();
            established += s.establishedInInterval();
            late += s.lateStartsInInterval();
            traffic = traffic == null || s.traffic() == null ? null : traffic.plus(s.traffic());
            for (LatencySeries series : LatencySeries.values()) {
                Histogram theirs = s.latency(series);
                if (theirs.getTotalCount() > 0) {
                    histograms.computeIfAbsent(series, x -> IntervalLog.compact()).add(theirs);
                }
            }
        }

        IntervalSample sample(long from, long to) {
            Map<LatencySeries, Histogram> h = new EnumMap<>(LatencySeries.class);
            for (LatencySeries series : LatencySeries.values()) {
                h.put(series, IntervalSample.stamped(histograms.getOrDefault(series, IntervalLog.compact()), from, to));
            }
            return new IntervalSample(to, counts, started, established, late, h, traffic);
        }
    }
}
