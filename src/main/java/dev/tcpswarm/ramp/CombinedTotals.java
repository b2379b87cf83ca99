package dev.tcpswarm.ramp;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import java.util.List;
import org.HdrHistogram.Histogram;

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
        long total = 0;
        long dialing = 0;
        long established = 0;
        long closed = 0;
        long error = 0;
        long notInitiated = 0;
        for (StatusCounts c : parts) {
            total += c.total();
            dialing += c.dialing();
            established += c.established();
            closed += c.closed();
            error += c.error();
            notInitiated += c.notInitiated();
        }
        return new StatusCounts(total, dialing, established, closed, error, notInitiated);
    }

    /** The parts as one, with {@code peak} as the most held at once. */
    static TrackerTotals of(List<TrackerTotals> parts, long peak) {
        if (parts.size() == 1) {
            return parts.get(0).withMaxConcurrent(peak);
        }
        long everEstablished = 0;
        long closedByReset = 0;
        long reopened = 0;
        long reopenFailed = 0;
        long lateStarts = 0;
        long attempts = 0;
        DialPhase dialPhase = DialPhase.NONE;
        long[] byReason = new long[ErrorReason.values().length];
        Histogram connect = ConnectionTracker.newHistogram();
        Histogram fromIntended = ConnectionTracker.newHistogram();
        Histogram toError = ConnectionTracker.newHistogram();
        Histogram toClose = ConnectionTracker.newHistogram();
        Histogram lag = ConnectionTracker.newHistogram();
        for (TrackerTotals t : parts) {
            everEstablished += t.everEstablished();
            closedByReset += t.closedByReset();
            reopened += t.reopened();
            reopenFailed += t.reopenFailed();
            lateStarts += t.lateStarts();
            attempts += t.attempts();
            dialPhase = dialPhase.plus(t.dialPhase());
            for (ErrorReason r : ErrorReason.values()) {
                byReason[r.ordinal()] += t.errors(r);
            }
            connect.add(t.connectLatency());
            fromIntended.add(t.connectFromIntended());
            toError.add(t.timeToError());
            toClose.add(t.timeToClose());
            lag.add(t.scheduleLag());
        }
        StatusCounts counts = counts(parts.stream().map(TrackerTotals::counts).toList());
        return new TrackerTotals(counts, everEstablished, peak, closedByReset, reopened, reopenFailed,
                lateStarts, attempts, byReason, dialPhase, connect, fromIntended, toError, toClose, lag);
    }
}
