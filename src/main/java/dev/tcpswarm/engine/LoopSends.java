package dev.tcpswarm.engine;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The send clock of one event loop's held connections in a run: their repeated messages, each at
 * its planned time. The connections wait in one queue in the order of their next planned send, and
 * one task per loop is due when the queue's head is, instead of a scheduled task per message. Every
 * connection of a run has the same interval, so a connection that sent its message goes back at
 * the queue's end as a rule, and the queue stays in order without a heap; one that joins out of
 * order (its first send due at once), caught up several messages, or can write again, is put in its
 * place.
 *
 * <p>A loop that fell behind (busy, or sending faster than it can) sends what is due in the order
 * it was planned, at most {@link #BATCH} before it yields
 * the loop to its reads and connects; a connection's messages that are due together go out in one
 * write, up to {@link #CATCH_UP}; each message still counts its latency from its planned time.
 * A connection whose channel is not writable (the server is not reading: Netty's outbound buffer is
 * past its high-water mark) sends nothing and is looked at again every {@link #UNWRITABLE_RETRY_NANOS},
 * so what is behind is a planned time, not buffered bytes. A connection that stopped sending is
 * dropped when it comes to the head (no removal on the hot path), as in {@link LoopTimeouts}, or
 * in a sweep once many have stopped ({@link #stopped()}).
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
    /** Connections that stopped while waiting here since the last {@link #compact()}: at least as many are dead. */
    private int stoppedSinceCompact;
    private boolean inTurn;

    LoopSends(EventLoop loop) {
        this.loop = loop;
    }

    /** {@code e} sends its repeated message from its {@link Sender#nextPlannedNanos()} on. */
    void add(Sender e) {
        assert loop.inEventLoop();
        insert(e);
        wakeBy(e.nextPlannedNanos());
    }

    /**
     * A connection added here stopped sending. It is dropped when it comes to the head; but when
     * many stop long before their next send (a long interval, many closes), the queue is swept
     * once they are about half of it, so that closed connections are not kept for an interval.
     */
    void stopped() {
        assert loop.inEventLoop();
        stoppedSinceCompact++;
        if (sweepDue() && !inTurn) {
            compact();
        }
    }

    private void turn() {
        wake = null;
        inTurn = true;
        try {
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
                now = System.nanoTime();
            }
        } finally {
            inTurn = false;
            if (sweepDue()) {
                compact();
            }
            while (size > 0 && !ring[head].sending()) {
                poll();
            }
            long next = size > 0 ? ring[head].nextPlannedNanos() : Long.MAX_VALUE; // at or before now: behind, go on at once
            if (!unwritable.isEmpty()) {
                next = Math.min(next, unwritableRetryAt);
            }
            if (next != Long.MAX_VALUE) {
                wakeBy(next);
            }
        }
    }

    /**
     * The unwritable connections that can write again go back to the queue, each in its place by
     * its planned send (before any waiting there, as a rule: theirs were due first), in their order.
     */
    private void retryUnwritable(long now) {
        for (Iterator<Sender> it = unwritable.iterator(); it.hasNext(); ) {
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

    /** Whether the connections that stopped are about half of those waiting (and more than a few). */
    private boolean sweepDue() {
        return stoppedSinceCompact > Math.max(64, (size + unwritable.size()) / 2);
    }

    /** Drops the connections that stopped, from the queue and from the unwritable ones. */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Sender e = at(i);
            if (e.sending()) {
                ring[(head + kept++) & (ring.length - 1)] = e;
            }
        }
        for (int i = kept; i < size; i++) {
            ring[(head + i) & (ring.length - 1)] = null;
        }
        size = kept;
        unwritable.removeIf(e -> !e.sending());
        stoppedSinceCompact = 0;
    }

    private void wakeBy(long atNanos) {
        if (wake != null) {
            if (wakeAt <= atNanos) {
                return;
            }
            wake.cancel(false);
        }
        wakeAt = atNanos;
        wake = loop.schedule(turn, Math.max(0, atNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Puts {@code e} in the queue by its next planned send, after those planned at the same time: at
     * the end, as a rule (a connection that sent is planned an interval later); else in its place,
     * moving the shorter side of the queue (one that caught up several messages, or came back from
     * unwritable, goes before others).
     */
    private void insert(Sender e) {
        if (size == ring.length) {
            Sender[] bigger = new Sender[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = at(i);
            }
            ring = bigger;
            head = 0;
        }
        int mask = ring.length - 1;
        long t = e.nextPlannedNanos();
        if (size == 0 || at(size - 1).nextPlannedNanos() <= t) {
            ring[(head + size) & mask] = e;
        } else if (t < at(0).nextPlannedNanos()) {
            head = (head - 1) & mask;
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
            if (lo < size - lo) { // the front is shorter: it moves one place towards the head
                head = (head - 1) & mask;
                for (int i = 0; i < lo; i++) {
                    ring[(head + i) & mask] = ring[(head + i + 1) & mask];
                }
            } else {
                for (int i = size; i > lo; i--) {
                    ring[(head + i) & mask] = ring[(head + i - 1) & mask];
                }
            }
            ring[(head + lo) & mask] = e;
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
