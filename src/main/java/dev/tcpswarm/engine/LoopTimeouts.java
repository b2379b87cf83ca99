package dev.tcpswarm.engine;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The engine's one timeout mechanism, for every timed step of every connection: the TCP connect
 * and each phase after it, for {@code run}, {@code ramp} and {@code monitor} alike. Netty's own
 * ({@code CONNECT_TIMEOUT_MILLIS}, {@code SslHandler}'s handshake timeout) schedules a task per
 * connection (and each channel keeps it after it is cancelled); here the steps of one duration are
 * queued in the order they began, so the queue's head is always the next to time out, and one task
 * per duration and loop is due when that head is. A step that ended meanwhile is dropped from the
 * queue when it comes to the head (no removal on the hot path).
 *
 * <p>Threads: one instance per event loop, touched on that loop only (asserted).
 */
final class LoopTimeouts {
    /** Something timed: a connect, or a phase of a connection. */
    interface Timed {
        /** When the timed step began ({@link System#nanoTime()}). */
        long timedFromNanos();

        /** Whether it is still waiting for what it is timed on. */
        boolean stillWaiting();

        /** Its time is up while {@link #stillWaiting()}: called once, on the loop. */
        void timedOut(long nowNanos);
    }

    private final EventLoop loop;
    /** One line per duration (a run has one or two; a monitor one per probe timeout in its config). */
    private Line[] lines = new Line[0];

    LoopTimeouts(EventLoop loop) {
        this.loop = loop;
    }

    /** Times {@code timed} out {@code durationNanos} after it began, unless it stops waiting first. On the loop. */
    void arm(Timed timed, long durationNanos) {
        assert loop.inEventLoop();
        line(durationNanos).add(timed);
    }

    private Line line(long durationNanos) {
        for (Line l : lines) {
            if (l.durationNanos == durationNanos) {
                return l;
            }
        }
        Line l = new Line(durationNanos);
        lines = Arrays.copyOf(lines, lines.length + 1);
        lines[lines.length - 1] = l;
        return l;
    }

    /** The steps of one duration, in the order they began. */
    private final class Line {
        final long durationNanos;
        final ArrayDeque<Timed> byStart = new ArrayDeque<>();
        ScheduledFuture<?> check;

        Line(long durationNanos) {
            this.durationNanos = durationNanos;
        }

        void add(Timed timed) {
            byStart.add(timed);
            if (check == null) {
                checkBy(timed.timedFromNanos() + durationNanos);
            }
        }

        void expire() {
            check = null;
            long now = System.nanoTime();
            for (Timed t; (t = byStart.peek()) != null; byStart.remove()) {
                if (t.stillWaiting() && t.timedFromNanos() + durationNanos > now) {
                    checkBy(t.timedFromNanos() + durationNanos);
                    return;
                }
                if (t.stillWaiting()) {
                    t.timedOut(now);
                }
            }
        }

        private void checkBy(long dueNanos) {
            check = loop.schedule(this::expire, dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }
}
