package dev.tcpswarm.engine;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The send clock of one event loop's held connections in a run: their repeated messages, each at
 * its planned time. The connections wait in one queue in the order of their next planned send, and
 * one task per loop is due when the queue's head is, instead of a scheduled task per message. Every
 * connection of a run has the same interval, so a connection that sent its message goes back at
 * the queue's end, and the queue stays in order without a heap; one that joins out of order (its
 * first send due at once) is put in its place.
 *
 * <p>A loop that fell behind (busy, or sending faster than it can) sends what is due in the order
 * it was planned, at most {@link #BATCH} before it yields
 * the loop to its reads and connects; a connection's messages that are due together go out in one
 * write, up to {@link #CATCH_UP}; each message still counts its latency from its planned time.
 * A connection whose channel is not writable (the server is not reading: Netty's outbound buffer is
 * past its high-water mark) sends nothing and is looked at again every {@link #UNWRITABLE_RETRY_NANOS},
 * so what is behind is a planned time, not buffered bytes. A connection that stopped sending is
 * dropped when it comes to the head (no removal on the hot path), as in {@link LoopTimeouts}.
 *
 * <p>Threads: one instance per event loop and run, touched on that loop only (asserted).
 */
final class LoopSends {
    /** One connection's repeated sends, as the clock sees them ({@link MessageExchange}). On the loop. */
    interface Sender {
        /** When its next message is planned ({@link System#nanoTime()}). */
        long nextPlannedNanos();

        /** Whether it still sends. */
        boolean sending();

        /** Whether its channel takes a write now. */
        boolean writable();

        /**
         * The message planned at {@link #nextPlannedNanos()} is due: it is sent now, with those planned
         * after it that are due too, at most {@code most} (one write), and the next one is planned.
         * Returns how many were sent (at least one, unless it stopped).
         */
        int sendDue(long now, int most);
    }

    /** Messages a loop sends in one turn before it yields to its reads and connects. */
    static final int BATCH = 256;
    /**
     * Messages a connection that fell behind sends in one write: those due together go out at once,
     * as one gathering write (one system call, and one read for the server), not one by one.
     */
    static final int CATCH_UP = 8;
    /** How soon a connection whose channel is not writable is looked at again. */
    static final long UNWRITABLE_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventLoop loop;
    private final Runnable turn = this::turn;
    /**
     * The connections waiting to send, by their next planned send: a ring of {@code size} from {@code
     * head}, its length a power of two.
     */
    private Sender[] ring = new Sender[64];
    private int head;
    private int size;
    /** The connections that had a send due while their channel was not writable, in that order. */
    private final ArrayDeque<Sender> unwritable = new ArrayDeque<>();
    private long unwritableRetryAt;
    private ScheduledFuture<?> wake;
    private long wakeAt;

    LoopSends(EventLoop loop) {
        this.loop = loop;
    }

    /** {@code e} sends its repeated message from its {@link Sender#nextPlannedNanos()} on. */
    void add(Sender e) {
        assert loop.inEventLoop();
        insert(e);
        wakeBy(e.nextPlannedNanos(), System.nanoTime());
    }

    private void turn() {
        wake = null;
        long now = System.nanoTime();
        if (!unwritable.isEmpty() && now >= unwritableRetryAt) {
            retryUnwritable(now);
        }
        for (int budget = BATCH; size > 0 && budget > 0; ) {
            Sender e = ring[head];
            if (!e.sending()) {
                poll();
                continue;
            }
            if (e.nextPlannedNanos() > now) {
                break;
            }
            poll();
            if (!e.writable()) {
                if (unwritable.isEmpty()) {
                    unwritableRetryAt = now + UNWRITABLE_RETRY_NANOS;
                }
                unwritable.add(e);
                continue;
            }
            budget -= Math.max(1, e.sendDue(now, Math.min(CATCH_UP, budget)));
            if (e.sending()) {
                insert(e);
            }
        }
        while (size > 0 && !ring[head].sending()) {
            poll();
        }
        long next = size > 0 ? ring[head].nextPlannedNanos() : Long.MAX_VALUE; // at or before now: behind, go on at once
        if (!unwritable.isEmpty()) {
            next = Math.min(next, unwritableRetryAt);
        }
        if (next != Long.MAX_VALUE) {
            wakeBy(next, now);
        }
    }

    /**
     * The unwritable connections that can write again go back to the queue's front, in their order:
     * their due sends were planned before any waiting there.
     */
    private void retryUnwritable(long now) {
        for (Iterator<Sender> it = unwritable.descendingIterator(); it.hasNext(); ) {
            Sender e = it.next();
            if (!e.sending()) {
                it.remove();
            } else if (e.writable()) {
                it.remove();
                insert(e);
            }
        }
        unwritableRetryAt = now + UNWRITABLE_RETRY_NANOS;
    }

    private void wakeBy(long atNanos, long now) {
        if (wake != null) {
            if (wakeAt <= atNanos) {
                return;
            }
            wake.cancel(false);
        }
        wakeAt = atNanos;
        wake = loop.schedule(turn, Math.max(0, atNanos - now), TimeUnit.NANOSECONDS);
    }

    /** Puts {@code e} in the queue by its next planned send: at the end, as a rule; else in its place. */
    private void insert(Sender e) {
        if (size == ring.length) {
            Sender[] bigger = new Sender[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = at(i);
            }
            Arrays.fill(ring, null);
            ring = bigger;
            head = 0;
        }
        long t = e.nextPlannedNanos();
        if (size == 0 || at(size - 1).nextPlannedNanos() <= t) {
            ring[(head + size) & (ring.length - 1)] = e;
        } else if (t < at(0).nextPlannedNanos()) {
            head = (head - 1) & (ring.length - 1);
            ring[head] = e;
        } else {
            int lo = 0; // the first position whose planned send is after t
            int hi = size - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at(mid).nextPlannedNanos() <= t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = size; i > lo; i--) {
                ring[(head + i) & (ring.length - 1)] = at(i - 1);
            }
            ring[(head + lo) & (ring.length - 1)] = e;
        }
        size++;
    }

    private Sender at(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    private void poll() {
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
    }

    /** Connections waiting to send, or waiting for their channel to be writable (for tests). */
    int waiting() {
        return size + unwritable.size();
    }
}
