package dev.tcpswarm.stats;

import java.util.EnumMap;
import java.util.List;
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
 *     unpaced run the planned start is the actual one); with TLS, to the TCP connect's completion,
 *     for every TCP connect that succeeded (its TLS handshake failed or not)
 * @param scheduleLag how late each paced first attempt started against its planned time; its count
 *     is the number of paced starts
 * @param tls the TLS figures ({@link TlsTotals#NONE} for a run without TLS)
 * @param messages the traffic on held connections ({@link MessageTotals#NONE} for a run that sends nothing)
 */
public record TrackerTotals(StatusCounts counts, long everEstablished, long maxConcurrent, long closedByReset,
        long reopened, long reopenFailed, long lateStarts, long attempts, long[] errorsByReasonArray,
        DialPhase dialPhase, Histogram connectLatency, Histogram connectFromIntended, Histogram timeToError,
        Histogram timeToClose, Histogram scheduleLag, TlsTotals tls, MessageTotals messages) {

    /** Totals of a run that sends nothing on its connections. */
    public TrackerTotals(StatusCounts counts, long everEstablished, long maxConcurrent, long closedByReset,
            long reopened, long reopenFailed, long lateStarts, long attempts, long[] errorsByReasonArray,
            DialPhase dialPhase, Histogram connectLatency, Histogram connectFromIntended, Histogram timeToError,
            Histogram timeToClose, Histogram scheduleLag, TlsTotals tls) {
        this(counts, everEstablished, maxConcurrent, closedByReset, reopened, reopenFailed, lateStarts, attempts,
                errorsByReasonArray, dialPhase, connectLatency, connectFromIntended, timeToError, timeToClose,
                scheduleLag, tls, MessageTotals.NONE);
    }

    /** Totals of a run without TLS. */
    public TrackerTotals(StatusCounts counts, long everEstablished, long maxConcurrent, long closedByReset,
            long reopened, long reopenFailed, long lateStarts, long attempts, long[] errorsByReasonArray,
            DialPhase dialPhase, Histogram connectLatency, Histogram connectFromIntended, Histogram timeToError,
            Histogram timeToClose, Histogram scheduleLag) {
        this(counts, everEstablished, maxConcurrent, closedByReset, reopened, reopenFailed, lateStarts, attempts,
                errorsByReasonArray, dialPhase, connectLatency, connectFromIntended, timeToError, timeToClose,
                scheduleLag, TlsTotals.NONE);
    }

    /** The run's histogram of {@code series} (empty for a phase the run did not do). */
    public Histogram latency(LatencySeries series) {
        return switch (series) {
            case CONNECT -> connectLatency;
            case PLANNED -> connectFromIntended;
            case TIME_TO_ERROR -> timeToError;
            case TIME_TO_CLOSE -> timeToClose;
            case SCHEDULE_LAG -> scheduleLag;
            case TLS_HANDSHAKE -> tls.handshakeLatency();
            case RESPONSE -> messages.responseLatency();
        };
    }

    /** The series this run recorded, in order ({@link LatencySeries#ofRun}). */
    public List<LatencySeries> series() {
        return LatencySeries.ofRun(tls.used(), messages.expecting());
    }

    public long errors(ErrorReason reason) {
        return errorsByReasonArray[reason.ordinal()];
    }

    /**
     * Errors by reason, every reason the run reports present (zero when none: the TLS ones only
     * when it used TLS), in declaration order.
     */
    public Map<ErrorReason, Long> errorsByReason() {
        Map<ErrorReason, Long> map = new EnumMap<>(ErrorReason.class);
        for (ErrorReason r : ErrorReason.reported(tls.used())) {
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

    /**
     * These totals and {@code other}'s as one, for trackers whose connections ran at the same time,
     * their dialing phases placed on one clock (the shards of one plan): counts, errors and
     * histograms add up, and the dialing phases combine {@link DialPhase#alongside alongside} each
     * other. The most connections at once is the sum of both peaks, which is only an upper bound
     * (they need not have peaked together): where the true peak is known, {@link #withMaxConcurrent}
     * sets it.
     */
    public TrackerTotals plus(TrackerTotals other) {
        long[] byReason = errorsByReasonArray.clone();
        for (int r = 0; r < byReason.length; r++) {
            byReason[r] += other.errorsByReasonArray[r];
        }
        return new TrackerTotals(counts.plus(other.counts), everEstablished + other.everEstablished,
                maxConcurrent + other.maxConcurrent, closedByReset + other.closedByReset, reopened + other.reopened,
                reopenFailed + other.reopenFailed, lateStarts + other.lateStarts, attempts + other.attempts, byReason,
                dialPhase.alongside(other.dialPhase), sum(connectLatency, other.connectLatency),
                sum(connectFromIntended, other.connectFromIntended), sum(timeToError, other.timeToError),
                sum(timeToClose, other.timeToClose), sum(scheduleLag, other.scheduleLag), tls.plus(other.tls),
                messages.plus(other.messages));
    }

    /** A new histogram holding both (the run's range: values beyond it are refused, as when recorded). */
    static Histogram sum(Histogram a, Histogram b) {
        Histogram sum = ConnectionTracker.newHistogram();
        sum.add(a);
        sum.add(b);
        return sum;
    }

    /** The same totals with another dialing phase (one combined otherwise than {@link #plus} does). */
    public TrackerTotals withDialPhase(DialPhase phase) {
        return new TrackerTotals(counts, everEstablished, maxConcurrent, closedByReset, reopened, reopenFailed,
                lateStarts, attempts, errorsByReasonArray, phase, connectLatency, connectFromIntended, timeToError,
                timeToClose, scheduleLag, tls, messages);
    }

    /** The same totals with other traffic figures (those of a part of the run: a ramp's level). */
    public TrackerTotals withMessages(MessageTotals m) {
        return new TrackerTotals(counts, everEstablished, maxConcurrent, closedByReset, reopened, reopenFailed,
                lateStarts, attempts, errorsByReasonArray, dialPhase, connectLatency, connectFromIntended, timeToError,
                timeToClose, scheduleLag, tls, m);
    }

    /** The same totals with another peak concurrency (one measured over more than this tracker). */
    public TrackerTotals withMaxConcurrent(long peak) {
        return new TrackerTotals(counts, everEstablished, peak, closedByReset, reopened, reopenFailed, lateStarts,
                attempts, errorsByReasonArray, dialPhase, connectLatency, connectFromIntended, timeToError,
                timeToClose, scheduleLag, tls, messages);
    }
}
