package dev.tcpswarm.ramp;

import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import java.util.List;

/**
 * A level of a ramp is held by several trackers, one per batch of connections added; this adds
 * their figures into one {@link TrackerTotals}, so that everything held can be reported as if it
 * were one run. Counts, histograms and dialing phases add up. The most connections held at once
 * does not (the sum of each batch's peak is only an upper bound): it is given, measured across
 * the batches.
 */
final class CombinedTotals {
    private CombinedTotals() {
    }

    static StatusCounts counts(List<StatusCounts> parts) {
        return parts.stream().reduce(StatusCounts::plus).orElseThrow();
    }

    /** The parts as one, with {@code peak} as the most held at once; their dialing phases ran one after the other. */
    static TrackerTotals of(List<TrackerTotals> parts, long peak) {
        TrackerTotals sum = parts.get(0);
        DialPhase dialing = sum.dialPhase();
        for (TrackerTotals t : parts.subList(1, parts.size())) {
            sum = sum.plus(t);
            dialing = dialing.plus(t.dialPhase());
        }
        return sum.withDialPhase(dialing).withMaxConcurrent(peak);
    }
}
