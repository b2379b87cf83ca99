package dev.tcpswarm.stats;

import java.util.function.Consumer;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * What one event loop records for its {@link ConnectionTracker}: the state changes of the slots it
 * dials, as plain counters, and their timings, in histograms of its own. Written by that loop's
 * thread alone (asserted), sharing nothing with the other loops but the tracker's count of
 * connections open (for the peak) and of first attempts unresolved; read by the tracker's readers,
 * which never hold the loop up.
 *
 * <p>HdrHistogram's {@code SingleWriterRecorder} is the model, applied once per event rather than
 * once per histogram: each event is counted and timed inside one {@link WriterReaderPhaser} critical
 * section (two uncontended atomic increments) into the active {@link Recording}, which a reader
 * swaps for an empty one and takes once the writes begun on it are over. So what a reader takes
 * holds every event of this loop up to one moment, counts and timings alike, and nothing else.
 *
 * <p>Threads: the recording methods on the loop's thread only; {@link #drainInto} from the
 * tracker's readers, one at a time.
 */
public final class LoopRecorder {
    private final ConnectionTracker tracker;
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Recording active = new Recording();
    /** The recording a reader swaps in next; under the phaser's reader lock. */
    private Recording standby = new Recording();
    /** The loop's thread, known from its first event; for the confinement assertion. */
    private Thread owner;
    /** The phase of the critical section the loop is in (one at a time: one writer). */
    private long phase;

    LoopRecorder(ConnectionTracker tracker) {
        this.tracker = tracker;
    }

    /** A slot's first connect attempt begins. */
    public void dialStarted() {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            long[] v = r.tally.v;
            long now = System.nanoTime();
            if (v[Tally.FIRST_STARTS]++ == 0) {
                v[Tally.FIRST_START_NANOS] = now;
            }
            v[Tally.LAST_START_NANOS] = now;
        } finally {
            end();
        }
    }

    /**
     * A slot the server closed goes back to dialing (reconnect). False when nothing was reopened:
     * the counts are frozen (the run is over).
     */
    public boolean reopenStarted() {
        Recording r = begin();
        if (r == null) {
            return false;
        }
        try {
            r.tally.v[Tally.REOPENS]++;
            return true;
        } finally {
            end();
        }
    }

    /**
     * How late a paced first attempt started against its planned time: recorded as schedule lag,
     * and counted as a late start when later than {@link ConnectionTracker#LATE_NANOS}.
     */
    public void startLag(long lagNanos) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            r.scheduleLag.recordValue(Recording.micros(lagNanos));
            if (lagNanos > ConnectionTracker.LATE_NANOS) {
                r.tally.v[Tally.LATE_STARTS]++;
            }
        } finally {
            end();
        }
    }

    /**
     * Dialing -> established.
     *
     * @param connectNanos from the connect call to the connection being established
     * @param fromIntendedNanos from the planned start to the connection being established
     * @param reopen whether it was a reconnect attempt (not part of the dialing phase)
     */
    public void established(long connectNanos, long fromIntendedNanos, boolean reopen) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        boolean lastToResolve = false;
        try {
            r.connect.recordValue(LatencyRanges.recordable(r.connect, Recording.micros(connectNanos)));
            r.fromIntended.recordValue(Recording.micros(fromIntendedNanos));
            long[] v = r.tally.v;
            v[Tally.ESTABLISHED]++;
            if (!reopen) {
                long now = System.nanoTime();
                v[Tally.DIAL_ESTABLISHED]++;
                v[Tally.LAST_ESTABLISHED_NANOS] = now;
                v[Tally.LAST_RESOLVED_NANOS] = now;
                lastToResolve = tracker.firstAttemptResolved();
            }
            tracker.connectionOpened();
        } finally {
            end();
        }
        if (lastToResolve) {
            tracker.resolvedAll();
        }
    }

    /** Dialing -> error, {@code elapsedNanos} after the connect call. */
    public void failed(ErrorReason reason, long elapsedNanos, boolean reopen) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        boolean lastToResolve = false;
        try {
            r.timeToError.recordValue(Recording.micros(elapsedNanos));
            long[] v = r.tally.v;
            v[Tally.FAILED]++;
            v[Tally.ERRORS_BY_REASON + reason.ordinal()]++;
            if (reopen) {
                v[Tally.REOPEN_FAILED]++;
            } else {
                v[Tally.LAST_RESOLVED_NANOS] = System.nanoTime();
                lastToResolve = tracker.firstAttemptResolved();
            }
        } finally {
            end();
        }
        if (lastToResolve) {
            tracker.resolvedAll();
        }
    }

    /** A TLS handshake completed after {@code handshakeNanos}; {@code session} is what it negotiated. */
    public void tlsCompleted(long handshakeNanos, TlsSession session) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            r.tlsHandshake.recordValue(Recording.micros(handshakeNanos));
            r.tally.v[Tally.TLS_COMPLETED]++;
        } finally {
            end();
        }
        tracker.sessionSeen(session);
    }

    /**
     * Dialing -> error after the TCP connect had succeeded: a phase after it (TLS) failed for
     * {@code reason}. The TCP connect counts in the connect latencies; the slot is an error.
     *
     * @param tls whether the failed phase was the TLS handshake
     * @param connectNanos from the connect call to the TCP connect's completion
     * @param fromIntendedNanos from the planned start to the TCP connect's completion
     * @param elapsedNanos from the connect call to the failure
     */
    public void failedAfterConnect(ErrorReason reason, boolean tls, long connectNanos, long fromIntendedNanos,
            long elapsedNanos, boolean reopen) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        boolean lastToResolve = false;
        try {
            r.connect.recordValue(LatencyRanges.recordable(r.connect, Recording.micros(connectNanos)));
            r.fromIntended.recordValue(Recording.micros(fromIntendedNanos));
            r.timeToError.recordValue(Recording.micros(elapsedNanos));
            long[] v = r.tally.v;
            v[Tally.FAILED]++;
            v[Tally.ERRORS_BY_REASON + reason.ordinal()]++;
            if (tls) {
                v[Tally.TLS_FAILED]++;
            }
            if (reopen) {
                v[Tally.REOPEN_FAILED]++;
            } else {
                v[Tally.LAST_RESOLVED_NANOS] = System.nanoTime();
                lastToResolve = tracker.firstAttemptResolved();
            }
        } finally {
            end();
        }
        if (lastToResolve) {
            tracker.resolvedAll();
        }
    }

    /**
     * Established -> closed: the peer closed it ({@code reset} false: an orderly FIN) or reset it,
     * {@code lifetimeNanos} after it was established.
     */
    public void closedByPeer(long lifetimeNanos, boolean reset) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            r.timeToClose.recordValue(Recording.micros(lifetimeNanos));
            r.tally.v[Tally.CLOSED_BY_PEER]++;
            if (reset) {
                r.tally.v[Tally.CLOSED_BY_RESET]++;
            }
            tracker.connectionClosed();
        } finally {
            end();
        }
    }

    /** A message of {@code bytes} bytes was written into the kernel, on a held connection. */
    public void messageSent(long bytes) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            long[] v = r.tally.v;
            long now = System.nanoTime();
            if (v[Tally.MESSAGES_SENT]++ == 0) {
                v[Tally.FIRST_MESSAGE_NANOS] = now;
            }
            v[Tally.LAST_MESSAGE_NANOS] = now;
            v[Tally.BYTES_SENT] += bytes;
        } finally {
            end();
        }
    }

    /** {@code bytes} bytes arrived on a held connection. */
    public void bytesReceived(long bytes) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            r.tally.v[Tally.BYTES_RECEIVED] += bytes;
        } finally {
            end();
        }
    }

    /**
     * The answer to a message matched, {@code latencyNanos} after its planned send; {@code late} when
     * its response timeout had already been counted.
     */
    public void responded(long latencyNanos, boolean late) {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            r.response.recordValue(Recording.micros(latencyNanos));
            r.tally.v[Tally.RESPONSES]++;
            if (late) {
                r.tally.v[Tally.RESPONSES_LATE]++;
            }
        } finally {
            end();
        }
    }

    /** A message's answer was not there within the response timeout. */
    public void responseTimedOut() {
        Recording r = begin();
        if (r == null) {
            return;
        }
        try {
            r.tally.v[Tally.RESPONSE_TIMEOUTS]++;
        } finally {
            end();
        }
    }

    /**
     * Enters the critical section an event is recorded in: returns the recording to write it to,
     * or null (and nothing entered) once the tracker is frozen. The flag is read inside the section,
     * so a freeze, which waits for the sections begun before it, sees every event that got past it.
     */
    private Recording begin() {
        assert ownedByCaller();
        phase = phaser.writerCriticalSectionEnter();
        if (tracker.isFrozen()) {
            phaser.writerCriticalSectionExit(phase);
            return null;
        }
        return active;
    }

    private void end() {
        phaser.writerCriticalSectionExit(phase);
    }

    private boolean ownedByCaller() {
        Thread caller = Thread.currentThread();
        if (owner == null) {
            owner = caller;
        }
        if (owner != caller) {
            throw new AssertionError("recorded on " + caller.getName() + ", but this recorder belongs to "
                    + owner.getName());
        }
        return true;
    }

    /**
     * Adds everything recorded since the last call to {@code sink}, then empties it. The standby
     * recording is swapped in first, and only writes already begun on the old one are waited for
     * (nanoseconds, unless the loop's thread is descheduled in the middle of one); the loop never
     * waits. The tracker's readers only, one at a time.
     */
    void drainInto(Consumer<Recording> sink) {
        phaser.readerLock();
        try {
            Recording taken = active;
            active = standby;
            phaser.flipPhase();
            sink.accept(taken);
            taken.reset();
            standby = taken;
        } finally {
            phaser.readerUnlock();
        }
    }
}
