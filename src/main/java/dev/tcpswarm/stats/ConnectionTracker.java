package dev.tcpswarm.stats;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Counts connection slots per state and records their timings, for one run (or one ramp batch).
 * The recording is done per event loop: each loop gets a {@link LoopRecorder} of its own and is its
 * only writer, so the event loops share no lock, with each other or with the readers; they share
 * only the count of connections open (for the peak) and of first attempts unresolved (for
 * {@link #allResolved()}). A {@link HeldConnections} may be shared with other trackers whose
 * connections are held at the same time (a ramp's levels).
 *
 * <p>Readers ({@link #counts()}, {@link #sampleInterval()} for the progress ticker, {@link #totals()}
 * for the run's end, the abort watch or a ramp's judge) take what each loop recorded since the last
 * reader, under a reading lock that only readers take, and add it to the run's. What they promise:
 * <ul>
 *   <li>Counts and timings are of the same events: every loop's, up to the moment it was taken.</li>
 *   <li>The state counts add up to the total, and none is below zero (a slot's events all happen
 *       on its loop, in order).</li>
 *   <li>A progress sample's established-in-interval count is the number of connect latencies it
 *       holds: the connections whose establishment was recorded since the previous sample.</li>
 *   <li>After {@link #freeze()} nothing changes: the totals and the last sample hold every event
 *       recorded before it, and none after.</li>
 * </ul>
 *
 * <p>Threads: {@link #newLoopRecorder()} before the run, by its owner; recording on each loop's
 * thread; the rest from any thread.
 */
public final class ConnectionTracker {
    /** Histograms hold microseconds up to one hour with three significant digits. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    public static final int SIGNIFICANT_DIGITS = 3;
    /** A paced start more than this behind its planned time counts as a late start. */
    public static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long total;
    /** Open now and at most, over this tracker's connections. */
    private final HeldConnections own;
    /** The same, shared with other trackers (or {@link #own} itself). */
    private final HeldConnections held;
    private final AtomicLong firstAttemptsUnresolved;
    private final CompletableFuture<Void> allResolved = new CompletableFuture<>();
    private volatile boolean frozen;
    private final List<LoopRecorder> loops = new CopyOnWriteArrayList<>();
    /** Whether the run does TLS (its totals then carry the TLS figures). */
    private volatile boolean tls;
    /** Whether the run sends on its connections, and whether it matches answers (its totals then carry the traffic). */
    private volatile boolean sends;
    private volatile boolean expects;
    /** The first TLS session completed, null until one is. */
    private volatile TlsSession session;
    /** The zero of the run's clock (System.nanoTime()): where the dialing phase is placed from. */
    private volatile long clockZeroNanos = System.nanoTime();

    // The readers' side, guarded by 'reading': what the loops recorded, added up, and the interval
    // pending for the next progress sample (its counters unused: a sample counts from the run's).
    private final Object reading = new Object();
    private final Recording run = new Recording();
    private final Recording pendingInterval = new Recording();
    private long intervalStartMillis = System.currentTimeMillis();
    private long startedAtLastSample;
    private long lateAtLastSample;
    /** The run's counters at the last progress sample, for the traffic in the next one. */
    private final Tally atLastSample = new Tally();

    public ConnectionTracker(long total) {
        this(total, null);
    }

    /** A tracker whose established connections also count in {@code held}, shared with others. */
    public ConnectionTracker(long total, HeldConnections held) {
        if (total < 0) {
            throw new IllegalArgumentException("total < 0");
        }
        this.total = total;
        this.own = new HeldConnections();
        this.held = held == null ? own : held;
        this.firstAttemptsUnresolved = new AtomicLong(total);
        if (total == 0) {
            allResolved.complete(null);
        }
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** A recorder for one event loop (or any one thread): its only writer. Before the run starts. */
    public LoopRecorder newLoopRecorder() {
        LoopRecorder recorder = new LoopRecorder(this);
        loops.add(recorder);
        return recorder;
    }

    public long total() {
        return total;
    }

    /** Completes once no slot is NotInitiated or Dialing. */
    public CompletableFuture<Void> allResolved() {
        return allResolved;
    }

    /** Stop counting: whatever happens after this (our own closing) does not change the result. */
    public void freeze() {
        frozen = true;
        synchronized (reading) {
            drain(); // waits for the events that began before the flag was set: after it, nothing moves
        }
    }

    public boolean isFrozen() {
        return frozen;
    }

    /** Marks the run as one that sends on its connections, matching answers when {@code expecting}. Before it starts. */
    public void usesMessages(boolean expecting) {
        sends = true;
        expects = expecting;
    }

    /** Marks the run as one that does TLS. Before it starts. */
    public void usesTls() {
        tls = true;
    }

    /**
     * The latency series this tracker's run records: a TLS run's include the handshake's, one that
     * matches answers the response's.
     */
    public List<LatencySeries> series() {
        return LatencySeries.ofRun(tls, expects);
    }

    /** Whether the run sends on its connections (its progress samples then carry the traffic). */
    public boolean sends() {
        return sends;
    }

    // Called by the loop recorders, on their loops.

    void sessionSeen(TlsSession seen) {
        if (session == null && seen != null) {
            session = seen; // a benign race: any first one will do (one server)
        }
    }

    void connectionOpened() {
        own.opened();
        if (held != own) {
            held.opened();
        }
    }

    void connectionClosed() {
        own.closed();
        if (held != own) {
            held.closed();
        }
    }

    /** One first attempt resolved; true when it was the last one. */
    boolean firstAttemptResolved() {
        return firstAttemptsUnresolved.decrementAndGet() == 0;
    }

    void resolvedAll() {
        allResolved.complete(null); // its one dependant wakes the run's thread (LoadRun's Wakeups): quick
    }

    // The readers.

    /** Takes what every loop recorded since the last reader; under {@link #reading}. */
    private void drain() {
        for (LoopRecorder loop : loops) {
            loop.drainInto(interval -> {
                run.add(interval);
                pendingInterval.add(interval);
            });
        }
    }

    /**
     * Connections of this tracker open now: the {@link StatusCounts#established()} of {@link
     * #counts()} without taking the loops' recordings, for a check made often. Any thread.
     */
    public long openNow() {
        return own.now();
    }

    public StatusCounts counts() {
        synchronized (reading) {
            drain();
            return run.tally.counts(total);
        }
    }

    /**
     * The failed attempts so far by reason, indexed by {@link ErrorReason#ordinal()}: read at each
     * progress interval for a chart of errors by reason over time. Any thread.
     */
    public long[] errorsByReason() {
        synchronized (reading) {
            drain();
            long[] byReason = new long[ErrorReason.values().length];
            System.arraycopy(run.tally.v, Tally.ERRORS_BY_REASON, byReason, 0, byReason.length);
            return byReason;
        }
    }

    /** Connections established at some point so far, reopens included: for a live rate. Any thread. */
    public long everEstablished() {
        synchronized (reading) {
            drain();
            return run.tally.v[Tally.ESTABLISHED];
        }
    }

    /**
     * What happened since the previous call: the counts now, the connections started, established
     * and started late since, the interval's histograms (with its start and end timestamps) and its
     * traffic. Meant for one consumer, the progress ticker.
     */
    public IntervalSample sampleInterval() {
        synchronized (reading) {
            drain();
            Tally t = run.tally;
            long now = System.currentTimeMillis();
            Histogram connect = takeInterval(pendingInterval.connect, now);
            long started = t.attempts();
            long late = t.v[Tally.LATE_STARTS];
            Map<LatencySeries, Histogram> latencies = new EnumMap<>(LatencySeries.class);
            latencies.put(LatencySeries.CONNECT, connect);
            for (LatencySeries s : LatencySeries.values()) {
                if (s != LatencySeries.CONNECT) {
                    latencies.put(s, takeInterval(pendingInterval.latency(s), now));
                }
            }
            IntervalSample sample = new IntervalSample(now, t.counts(total), started - startedAtLastSample,
                    connect.getTotalCount(), late - lateAtLastSample, latencies,
                    sends ? IntervalTraffic.between(atLastSample, t) : null);
            System.arraycopy(t.v, 0, atLastSample.v, 0, Tally.SIZE);
            pendingInterval.reset();
            intervalStartMillis = now;
            startedAtLastSample = started;
            lateAtLastSample = late;
            return sample;
        }
    }

    /** A copy of {@code pending} stamped with the interval ending at {@code nowMillis}. */
    private Histogram takeInterval(Histogram pending, long nowMillis) {
        Histogram interval = pending.copy();
        interval.setStartTimeStamp(intervalStartMillis);
        interval.setEndTimeStamp(nowMillis);
        return interval;
    }

    /**
     * Sets the zero of the run's clock ({@link System#nanoTime()}): its start, when its planned-start
     * clock reads 0, from which the dialing phase is placed ({@link DialPhase#firstAttemptNanos()}).
     * {@code start} is that moment on the wall clock. Before the run starts; by default, when the
     * tracker was made.
     */
    public void clockStartsAt(long zeroNanos, Instant start) {
        clockZeroNanos = zeroNanos;
        synchronized (reading) {
            intervalStartMillis = start.toEpochMilli(); // the first interval begins with the run
        }
    }

    /** Everything the tracker knows now; the histograms are private copies. Any thread, any time. */
    public TrackerTotals totals() {
        synchronized (reading) {
            drain();
            Tally t = run.tally;
            return new TrackerTotals(t.counts(total), t.v[Tally.ESTABLISHED], own.peak(), t.v[Tally.CLOSED_BY_RESET],
                    t.v[Tally.REOPENS], t.v[Tally.REOPEN_FAILED], t.v[Tally.LATE_STARTS], t.attempts(),
                    t.errorsByReason(), t.dialPhase(clockZeroNanos), run.connect.copy(), run.fromIntended.copy(),
                    run.timeToError.copy(), run.timeToClose.copy(), run.scheduleLag.copy(),
                    tls ? new TlsTotals(true, t.v[Tally.TLS_COMPLETED], t.v[Tally.TLS_FAILED], run.tlsHandshake.copy(),
                            session) : TlsTotals.NONE,
                    sends ? new MessageTotals(true, expects, t.v[Tally.MESSAGES_SENT], t.v[Tally.RESPONSES],
                            t.v[Tally.RESPONSE_TIMEOUTS], t.v[Tally.RESPONSES_LATE], t.v[Tally.BYTES_SENT],
                            t.v[Tally.BYTES_RECEIVED], t.v[Tally.LAST_MESSAGE_NANOS] - t.v[Tally.FIRST_MESSAGE_NANOS],
                            run.response.copy()) : MessageTotals.NONE);
        }
    }
}
