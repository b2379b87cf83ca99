package dev.tcpswarm.stats;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The tracker's cumulative figures at one moment. Histograms are private copies, in microseconds.
 *
 * @param everEstablished connections established at some point (reopens included)
 * @param maxConcurrent the most connections established at the same moment
 * @param closedByReset how many of the peer-closed connections were reset rather than closed in order
 * @param lateStarts paced first attempts started more than {@link ConnectionTracker#LATE_NANOS} after
 *     their planned time
 * @param attempts connect attempts started, reopens included
 * @param dialPhase the dialing phase's attempts, establishments and spans, for the rates
 * @param connectLatency from the connect call to the connection being established
 * @param connectFromIntended from the planned start to the connection being established (for an
 *     unpaced run the planned start is the actual one)
 * @param scheduleLag how late each paced first attempt started against its planned time; its count
 *     is the number of paced starts
 */
public record TrackerTotals(StatusCounts counts, long everEstablished, long maxConcurrent, long closedByReset,
        long reopened, long reopenFailed, long lateStarts, long attempts, long[] errorsByReasonArray,
        DialPhase dialPhase, Histogram connectLatency, Histogram connectFromIntended, Histogram timeToError,
        Histogram timeToClose, Histogram scheduleLag) {

    public long errors(ErrorReason reason) {
        return errorsByReasonArray[reason.ordinal()];
    }

    /** Errors by reason, every reason present (zero when none), in declaration order. */
    public Map<ErrorReason, Long> errorsByReason() {
        Map<ErrorReason, Long> map = new EnumMap<>(ErrorReason.class);
        for (ErrorReason r : ErrorReason.values()) {
            map.put(r, errorsByReasonArray[r.ordinal()]);
        }
        return map;
    }

    /** Connections established per second while dialing (see {@link DialPhase#connectRatePerSecond()}). */
    public double connectRatePerSecond() {
        return dialPhase.connectRatePerSecond();
    }

    /** Attempts started per second while dialing (see {@link DialPhase#attemptRatePerSecond()}). */
    public double attemptRatePerSecond() {
        return dialPhase.attemptRatePerSecond();
    }

    /** Late starts over paced starts, 0..1; 0 when no start was paced (none can be late). */
    public double lateStartRate() {
        long paced = scheduleLag.getTotalCount();
        return paced == 0 ? 0 : (double) lateStarts / paced;
    }

    /** The same totals with another peak concurrency (one measured over more than this tracker). */
    public TrackerTotals withMaxConcurrent(long peak) {
        return new TrackerTotals(counts, everEstablished, peak, closedByReset, reopened, reopenFailed, lateStarts,
                attempts, errorsByReasonArray, dialPhase, connectLatency, connectFromIntended, timeToError,
                timeToClose, scheduleLag);
    }
}
