package dev.tcpswarm.stats;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The tracker's cumulative figures at one moment. Histograms are private copies, in microseconds.
 *
 * @param closedByReset how many of the peer-closed connections were reset rather than closed in order
 * @param attempts connect attempts started, reopens included
 * @param dialSpanNanos from the first connect call to the last connection resolved
 * @param dialEstablished connections established within that span (reopens during a hold excluded)
 */
public record TrackerTotals(StatusCounts counts, long everEstablished, long maxConcurrent, long closedByReset,
        long reopened,
        long reopenFailed, long lateStarts, long attempts, long[] errorsByReasonArray, long dialSpanNanos,
        long dialEstablished,
        Histogram connectLatency, Histogram connectFromIntended, Histogram timeToError, Histogram timeToClose,
        Histogram scheduleLag) {

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

    /** Connections established per second over the dialing span. */
    public double connectRatePerSecond() {
        if (dialSpanNanos <= 0) {
            return 0;
        }
        return dialEstablished * 1e9 / dialSpanNanos;
    }
}
