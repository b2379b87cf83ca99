package dev.tcpswarm.stats;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts connection slots per state and records their timings. Every method is thread-safe: Netty
 * completes some failed connects off the event loop (on {@code GlobalEventExecutor}), so transitions
 * come from several threads. State counts change under one lock so that a snapshot always adds up;
 * timings go to HdrHistogram {@link Recorder}s, whose interval histograms are drained by
 * {@link #sampleInterval()} into the run's cumulative histograms. A {@link HeldConnections} may be
 * shared with other trackers whose connections are held at the same time (a ramp's levels).
 */
public final class ConnectionTracker {
    /** Histograms hold microseconds up to one hour with three significant digits. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    public static final int SIGNIFICANT_DIGITS = 3;
    /** A paced start more than this behind its planned time counts as a late start. */
    public static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long total;
    private final HeldConnections held;
    private final long createdNanos = System.nanoTime();
    /** The zero of the run's clock (System.nanoTime()): where the dialing phase is placed from. */
    private volatile long clockZeroNanos = createdNanos;
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
    // The dialing phase (until allResolved): its attempts and establishments, and when the last came.
    private long firstStartNanos;
    private long dialAttempts;
    private long lastStartNanos;
    private long dialEstablished;
    private long lastEstablishedNanos;
    private long lastResolvedNanos;
    private boolean frozen;

    private final Timing connect = new Timing();
    private final Timing connectFromIntended = new Timing();
    private final Timing timeToError = new Timing();
    private final Timing timeToClose = new Timing();
    private final Timing scheduleLag = new Timing();

    // Draining, guarded by 'sampleLock': recorders -> run totals, and connect latency -> the pending interval.
    private final Object sampleLock = new Object();
    private final Histogram connectPendingInterval = newHistogram();
    private final Histogram plannedPendingInterval = newHistogram();
    private final Histogram errorPendingInterval = newHistogram();
    private final Histogram closePendingInterval = newHistogram();
    private final Histogram lagPendingInterval = newHistogram();
    private long intervalStartMillis = System.currentTimeMillis();
    private long startedAtLastSample;
    private long establishedAtLastSample;
    private long lateAtLastSample;

    public ConnectionTracker(long total) {
        this(total, new HeldConnections());
    }

    /** A tracker whose established connections also count in {@code held}, shared with others. */
    public ConnectionTracker(long total, HeldConnections held) {
        if (total < 0) {
            throw new IllegalArgumentException("total < 0");
        }
        this.total = total;
        this.held = held;
        this.notInitiated = total;
        if (total == 0) {
            allResolved.complete(null);
        }
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** One timing: a thread-safe recorder, and the run's total it is drained into. */
    private static final class Timing {
        final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
        final Histogram total = newHistogram();
        Histogram scratch;

        void record(long nanos) {
            recorder.recordValue(micros(nanos));
        }

        /** Moves what was recorded since the last drain into the total (and into {@code alsoInto}). */
        void drain(Histogram alsoInto) {
            scratch = recorder.getIntervalHistogram(scratch);
            total.add(scratch);
            if (alsoInto != null) {
                alsoInto.add(scratch);
            }
        }
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
        long now = System.nanoTime();
        if (startedTotal == 0) {
            firstStartNanos = now;
        }
        notInitiated--;
        dialing++;
        startedTotal++;
        if (!allResolved.isDone()) {
            dialAttempts++;
            lastStartNanos = now;
        }
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

    /**
     * How late a paced connection started against its planned time. Every paced start is recorded
     * in the schedule-lag histogram; those later than {@link #LATE_NANOS} are counted as late.
     */
    public void startLag(long lagNanos) {
        if (lagNanos > LATE_NANOS) {
            synchronized (this) {
                lateStarts++;
            }
        }
        scheduleLag.record(lagNanos);
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
            held.opened();
            if (!allResolved.isDone()) {
                dialEstablished++;
                lastEstablishedNanos = System.nanoTime();
            }
            // Recorded under the lock, as the count: a sample then holds the latency of every
            // connection it counts (a Recorder's record is wait-free, so this stays cheap).
            connect.record(connectNanos);
            connectFromIntended.record(fromIntendedNanos);
            resolvedOne();
        }
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
            timeToError.record(elapsedNanos); // under the lock, as the count (see established)
            resolvedOne();
        }
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
            held.closed();
            if (reset) {
                closedByReset++;
            }
            timeToClose.record(lifetimeNanos); // under the lock, as the count (see established)
        }
    }

    private void resolvedOne() {
        if (allResolved.isDone()) {
            return; // a reopen during the hold: not part of the dialing span
        }
        lastResolvedNanos = System.nanoTime();
        if (notInitiated == 0 && dialing == 0) {
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

    private void drainAll() {
        connect.drain(connectPendingInterval);
        connectFromIntended.drain(plannedPendingInterval);
        timeToError.drain(errorPendingInterval);
        timeToClose.drain(closePendingInterval);
        scheduleLag.drain(lagPendingInterval);
    }

    /**
     * What happened since the previous call: the counts now, the connections started, established
     * and started late since, and the interval's histograms (with its start and end timestamps).
     * Meant for one consumer, the progress ticker.
     */
    public IntervalSample sampleInterval() {
        synchronized (sampleLock) {
            StatusCounts counts;
            long started;
            long everEst;
            long late;
            synchronized (this) {
                drainAll(); // under the lock the timings are recorded under: they match the counts
                counts = counts();
                started = startedTotal;
                everEst = everEstablished;
                late = lateStarts;
            }
            long now = System.currentTimeMillis();
            IntervalSample sample = new IntervalSample(now, counts, started - startedAtLastSample,
                    everEst - establishedAtLastSample, late - lateAtLastSample,
                    takeInterval(connectPendingInterval, now), takeInterval(plannedPendingInterval, now),
                    takeInterval(errorPendingInterval, now), takeInterval(closePendingInterval, now),
                    takeInterval(lagPendingInterval, now));
            intervalStartMillis = now;
            startedAtLastSample = started;
            establishedAtLastSample = everEst;
            lateAtLastSample = late;
            return sample;
        }
    }

    /** A copy of {@code pending} stamped with the interval ending at {@code nowMillis}; {@code pending} starts over. */
    private Histogram takeInterval(Histogram pending, long nowMillis) {
        Histogram interval = pending.copy();
        interval.setStartTimeStamp(intervalStartMillis);
        interval.setEndTimeStamp(nowMillis);
        pending.reset();
        return interval;
    }

    /** Connections established at some point so far, reopens included: for a live rate. Any thread. */
    public synchronized long everEstablished() {
        return everEstablished;
    }

    /** Everything the tracker knows now; the histograms are private copies. Any thread, any time. */
    public TrackerTotals totals() {
        synchronized (sampleLock) {
            synchronized (this) {
                drainAll();
                return new TrackerTotals(counts(), everEstablished, maxConcurrent, closedByReset, reopened,
                        reopenFailed, lateStarts, startedTotal, errorsByReason.clone(), dialPhase(),
                        connect.total.copy(), connectFromIntended.total.copy(), timeToError.total.copy(),
                        timeToClose.total.copy(), scheduleLag.total.copy());
            }
        }
    }

    private DialPhase dialPhase() {
        if (dialAttempts == 0) {
            return DialPhase.NONE;
        }
        return new DialPhase(dialAttempts, lastStartNanos - firstStartNanos, dialEstablished,
                dialEstablished == 0 ? 0 : lastEstablishedNanos - firstStartNanos,
                Math.max(0, lastResolvedNanos - firstStartNanos), firstStartNanos - clockZeroNanos);
    }

    /**
     * Sets the zero of the run's clock ({@link System#nanoTime()}): its start, when its planned-start
     * clock reads 0, from which the dialing phase is placed ({@link DialPhase#firstAttemptNanos()}).
     * {@code start} is that moment on the wall clock. Before the run starts; by default, when the
     * tracker was made.
     */
    public void clockStartsAt(long zeroNanos, Instant start) {
        clockZeroNanos = zeroNanos;
        synchronized (sampleLock) {
            intervalStartMillis = start.toEpochMilli(); // the first interval begins with the run
        }
    }

    /** Nanoseconds since this tracker was made. */
    public long ageNanos() {
        return System.nanoTime() - createdNanos;
    }
}
