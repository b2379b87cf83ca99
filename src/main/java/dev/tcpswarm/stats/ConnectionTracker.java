package dev.tcpswarm.stats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts connection slots per state and records their timings. Every method is thread-safe: Netty
 * completes some failed connects off the event loop (on {@code GlobalEventExecutor}), so transitions
 * come from several threads. State counts change under one lock so that a snapshot always adds up;
 * timings go to HdrHistogram {@link Recorder}s, whose interval histograms are drained by
 * {@link #sampleInterval()} into the run's cumulative histograms.
 */
public final class ConnectionTracker {
    /** Histograms hold microseconds up to one hour with three significant digits. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    public static final int SIGNIFICANT_DIGITS = 3;

    private final long total;
    private final long createdNanos = System.nanoTime();
    private final CompletableFuture<Void> allResolved = new CompletableFuture<>();

    // State counts, guarded by 'this'.
    private long notInitiated;
    private long dialing;
    private long established;
    private long closed;
    private long closedByReset;
    private long errors;
    private long everEstablished;
    private long maxConcurrent;
    private long reopened;
    private long reopenFailed;
    private long lateStarts;
    private long startedTotal;
    private final long[] errorsByReason = new long[ErrorReason.values().length];
    private long firstStartNanos;
    private long lastResolvedNanos;
    private boolean frozen;

    private final Recorder connect = newRecorder();
    private final Recorder connectFromIntended = newRecorder();
    private final Recorder timeToError = newRecorder();
    private final Recorder timeToClose = newRecorder();
    private final Recorder scheduleLag = newRecorder();

    // Interval draining, guarded by 'sampleLock'.
    private final Object sampleLock = new Object();
    private final Histogram connectTotal = newHistogram();
    private final Histogram connectFromIntendedTotal = newHistogram();
    private final Histogram timeToErrorTotal = newHistogram();
    private final Histogram timeToCloseTotal = newHistogram();
    private final Histogram scheduleLagTotal = newHistogram();
    private Histogram connectInterval;
    private Histogram connectFromIntendedInterval;
    private Histogram timeToErrorInterval;
    private Histogram timeToCloseInterval;
    private Histogram scheduleLagInterval;
    private long startedAtLastSample;
    private long establishedAtLastSample;

    public ConnectionTracker(long total) {
        if (total < 0) {
            throw new IllegalArgumentException("total < 0");
        }
        this.total = total;
        this.notInitiated = total;
        if (total == 0) {
            allResolved.complete(null);
        }
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    private static Recorder newRecorder() {
        return new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    public long total() {
        return total;
    }

    /** Completes once no slot is NotInitiated or Dialing. */
    public CompletableFuture<Void> allResolved() {
        return allResolved;
    }

    /** A slot leaves NotInitiated: its first connect attempt begins. */
    public synchronized void dialStarted() {
        if (frozen || notInitiated == 0) {
            return;
        }
        if (startedTotal == 0) {
            firstStartNanos = System.nanoTime();
        }
        notInitiated--;
        dialing++;
        startedTotal++;
    }

    /**
     * A slot the server closed goes back to Dialing (reconnect). Returns false when nothing was
     * reopened (the run is over).
     */
    public synchronized boolean reopenStarted() {
        if (frozen || closed == 0) {
            return false;
        }
        closed--;
        dialing++;
        reopened++;
        startedTotal++;
        return true;
    }

    /** A connection started later than the plan said, by {@code lagNanos}. */
    public void lateStart(long lagNanos) {
        synchronized (this) {
            lateStarts++;
        }
        scheduleLag.recordValue(micros(lagNanos));
    }

    /**
     * Dialing -> Established.
     *
     * @param connectNanos time from the connect call to the connection being established
     * @param fromIntendedNanos time from the planned start to the connection being established
     */
    public void established(long connectNanos, long fromIntendedNanos) {
        synchronized (this) {
            if (frozen) {
                return;
            }
            dialing--;
            established++;
            everEstablished++;
            if (established > maxConcurrent) {
                maxConcurrent = established;
            }
            resolvedOne();
        }
        connect.recordValue(micros(connectNanos));
        connectFromIntended.recordValue(micros(fromIntendedNanos));
    }

    /** Dialing -> Error. {@code reopen} says whether it was a reconnect attempt. */
    public void failed(ErrorReason reason, long elapsedNanos, boolean reopen) {
        synchronized (this) {
            if (frozen) {
                return;
            }
            dialing--;
            errors++;
            errorsByReason[reason.ordinal()]++;
            if (reopen) {
                reopenFailed++;
            }
            resolvedOne();
        }
        timeToError.recordValue(micros(elapsedNanos));
    }

    /**
     * Established -> Closed: the peer closed it ({@code reset} false: an orderly FIN) or reset it,
     * {@code lifetimeNanos} after it was established.
     */
    public void closedByPeer(long lifetimeNanos, boolean reset) {
        synchronized (this) {
            if (frozen) {
                return;
            }
            established--;
            closed++;
            if (reset) {
                closedByReset++;
            }
        }
        timeToClose.recordValue(micros(lifetimeNanos));
    }

    private void resolvedOne() {
        lastResolvedNanos = System.nanoTime();
        if (notInitiated == 0 && dialing == 0 && !allResolved.isDone()) {
            allResolved.complete(null); // no dependants: the run's thread waits with get()
        }
    }

    /** Stop counting: whatever happens after this (our own closing) does not change the result. */
    public synchronized void freeze() {
        frozen = true;
    }

    public synchronized boolean isFrozen() {
        return frozen;
    }

    public synchronized StatusCounts counts() {
        return new StatusCounts(total, dialing, established, closed, errors, notInitiated);
    }

    /**
     * Drains the recorders: returns what happened since the previous call and adds it to the run's
     * totals. Meant for one consumer at a time (the progress ticker, then the final report).
     */
    public IntervalSample sampleInterval() {
        synchronized (sampleLock) {
            connectInterval = connect.getIntervalHistogram(connectInterval);
            connectFromIntendedInterval = connectFromIntended.getIntervalHistogram(connectFromIntendedInterval);
            timeToErrorInterval = timeToError.getIntervalHistogram(timeToErrorInterval);
            timeToCloseInterval = timeToClose.getIntervalHistogram(timeToCloseInterval);
            scheduleLagInterval = scheduleLag.getIntervalHistogram(scheduleLagInterval);
            connectTotal.add(connectInterval);
            connectFromIntendedTotal.add(connectFromIntendedInterval);
            timeToErrorTotal.add(timeToErrorInterval);
            timeToCloseTotal.add(timeToCloseInterval);
            scheduleLagTotal.add(scheduleLagInterval);
            StatusCounts counts;
            long started;
            long everEst;
            synchronized (this) {
                counts = counts();
                started = startedTotal;
                everEst = everEstablished;
            }
            IntervalSample sample = new IntervalSample(System.currentTimeMillis(), counts,
                    started - startedAtLastSample, everEst - establishedAtLastSample, connectInterval.copy());
            startedAtLastSample = started;
            establishedAtLastSample = everEst;
            return sample;
        }
    }

    /** Everything the tracker knows, with the cumulative histograms drained up to now. */
    public TrackerTotals totals() {
        synchronized (sampleLock) {
            sampleInterval();
            synchronized (this) {
                long[] byReason = errorsByReason.clone();
                long dialSpan = startedTotal == 0 ? 0 : Math.max(0, lastResolvedNanos - firstStartNanos);
                return new TrackerTotals(counts(), everEstablished, maxConcurrent, closedByReset, reopened, reopenFailed,
                        lateStarts, startedTotal, byReason, dialSpan, connectTotal.copy(),
                        connectFromIntendedTotal.copy(), timeToErrorTotal.copy(), timeToCloseTotal.copy(),
                        scheduleLagTotal.copy());
            }
        }
    }

    /** Nanoseconds since this tracker was made. */
    public long ageNanos() {
        return System.nanoTime() - createdNanos;
    }
}
