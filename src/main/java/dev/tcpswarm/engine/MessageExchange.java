package dev.tcpswarm.engine;

import dev.tcpswarm.stats.LoopRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

/**
 * One held connection's traffic, as its run's {@link Messaging} says: the first message when it is
 * up, then the repeated one on a schedule of its own (message {@code k} is planned {@code k}
 * intervals after the connection came up, and a send that is late, because the loop was busy,
 * goes out at once, its latency still counted from its planned time: the schedule is free of
 * coordinated omission, as the connection starts are). With an expected answer, the answers are
 * matched in order against the bytes received since the last match, each to the oldest message not
 * yet answered; one not there within the response timeout (from its actual send, timed by the
 * loop's {@link LoopTimeouts}) counts as a timeout, and if it comes later, as late. A message's bytes
 * count as sent once they are in the kernel.
 *
 * <p>Threads: made and driven on the connection's event loop only.
 */
final class MessageExchange {
    /** Bytes kept while no answer matches: the oldest go beyond this. */
    private static final int MAX_UNMATCHED_CHARS = 64 * 1024;
    /** Messages a connection that fell behind sends in one go before it yields its loop. */
    private static final int CATCH_UP = 8;
    /** How soon a connection whose channel is not writable looks again. */
    private static final long UNWRITABLE_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Answers still awaited per connection beyond which the oldest timed-out ones are given up. */
    private static final int MAX_AWAITED = 4096;

    private final Messaging messaging;
    private final Channel channel;
    private final LoopRecorder recorder;
    private final LoopTimeouts timeouts;
    /** Answers awaited over the whole run (for the end's wait for the last ones). */
    private final AtomicLong awaitedInRun;
    private final ArrayDeque<Awaited> awaited = new ArrayDeque<>();
    private final StringBuilder received;
    private final Runnable tick = this::tick;
    /** Count a write's bytes once they are in the kernel; one per payload, its size known. */
    private final ChannelFutureListener firstWritten;
    private final ChannelFutureListener repeatedWritten;
    private long nextPlannedNanos;
    private ScheduledFuture<?> pending;
    private boolean stopped;

    MessageExchange(Messaging messaging, Channel channel, LoopRecorder recorder, LoopTimeouts timeouts,
            AtomicLong awaitedInRun) {
        this.messaging = messaging;
        this.channel = channel;
        this.recorder = recorder;
        this.timeouts = timeouts;
        this.awaitedInRun = awaitedInRun;
        this.received = messaging.expect() == null ? null : new StringBuilder(256);
        this.firstWritten = written(messaging.firstSize());
        this.repeatedWritten = written(messaging.repeatedSize());
    }

    private ChannelFutureListener written(int bytes) {
        return future -> {
            if (future.isSuccess()) {
                recorder.messageSent(bytes);
            }
        };
    }

    /** The connection came up at {@code upNanos}: the first message now, the repeated one on its schedule. */
    void start(long upNanos) {
        ByteBuf first = messaging.first();
        if (first != null) {
            send(first, firstWritten, upNanos, System.nanoTime());
        }
        if (messaging.repeats()) {
            nextPlannedNanos = first != null ? upNanos + messaging.intervalNanos() : upNanos;
            tick();
        }
    }

    /**
     * Sends the messages whose planned time has come, then waits for the next. A connection that
     * fell behind (a busy loop, a server that reads slowly) catches up at most {@link #CATCH_UP}
     * messages at a time and then yields the loop, so that its other connections, their connects and
     * their reads get their turn; and it writes nothing while the channel is not writable (the server
     * is not reading: Netty's outbound buffer is past its high-water mark), so what is behind is a
     * planned time, not buffered bytes. Each message still counts its latency from its planned time.
     */
    private void tick() {
        pending = null;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        long interval = messaging.intervalNanos();
        for (int budget = CATCH_UP; budget > 0 && nextPlannedNanos <= now && !stopped && channel.isWritable();
                budget--) {
            send(messaging.repeated(), repeatedWritten, nextPlannedNanos, now);
            nextPlannedNanos += interval;
        }
        if (stopped) {
            return;
        }
        long delay = nextPlannedNanos > now ? nextPlannedNanos - now
                : channel.isWritable() ? 0 : UNWRITABLE_RETRY_NANOS;
        pending = channel.eventLoop().schedule(tick, delay, TimeUnit.NANOSECONDS);
    }

    private void send(ByteBuf payload, ChannelFutureListener written, long plannedNanos, long now) {
        if (!channel.isActive()) {
            payload.release();
            stop();
            return;
        }
        channel.writeAndFlush(payload, channel.newPromise()).addListener(written);
        if (received != null) {
            Awaited a = new Awaited(plannedNanos, now);
            awaited.add(a);
            awaitedInRun.incrementAndGet();
            timeouts.arm(a, messaging.responseTimeoutNanos());
            if (awaited.size() > MAX_AWAITED && awaited.peek().timedOut) {
                awaited.remove().giveUp();
            }
        }
    }

    /** Bytes arrived: counted, and with an expected answer, matched. Does not release {@code in}. */
    void read(ByteBuf in) {
        int n = in.readableBytes();
        if (n == 0) {
            return;
        }
        recorder.bytesReceived(n);
        if (received == null) {
            return;
        }
        for (int i = in.readerIndex(), end = i + n; i < end; i++) {
            received.append((char) (in.getByte(i) & 0xff));
        }
        Matcher m = messaging.expect().matcher(received);
        int consumed = 0;
        long now = System.nanoTime();
        while (consumed < received.length() && m.find(consumed)) {
            int matchEnd = m.end();
            consumed = matchEnd > consumed ? matchEnd : consumed + 1; // an empty match moves on by one
            Awaited a = awaited.poll();
            if (a != null) {
                a.answered(now);
            }
        }
        if (consumed > 0) {
            received.delete(0, Math.min(consumed, received.length()));
        }
        if (received.length() > MAX_UNMATCHED_CHARS) {
            received.delete(0, received.length() - MAX_UNMATCHED_CHARS);
        }
    }

    /** No more sends (the hold is over, or the connection closed); answers already awaited may still come. */
    void stop() {
        stopped = true;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** The connection is gone: nothing more will be answered. */
    void closed() {
        stop();
        for (Awaited a; (a = awaited.poll()) != null; ) {
            a.giveUp();
        }
    }

    /** One message whose answer is awaited. */
    private final class Awaited implements LoopTimeouts.Timed {
        final long plannedNanos;
        final long sentNanos;
        boolean timedOut;
        boolean over;
        boolean released;

        Awaited(long plannedNanos, long sentNanos) {
            this.plannedNanos = plannedNanos;
            this.sentNanos = sentNanos;
        }

        @Override
        public long timedFromNanos() {
            return sentNanos;
        }

        @Override
        public boolean stillWaiting() {
            return !over && !timedOut;
        }

        @Override
        public void timedOut(long nowNanos) {
            timedOut = true;
            recorder.responseTimedOut();
            noLongerAwaited();
        }

        void answered(long nowNanos) {
            recorder.responded(nowNanos - plannedNanos, timedOut);
            end();
        }

        void giveUp() {
            end();
        }

        private void end() {
            over = true;
            noLongerAwaited();
        }

        /** Out of the run's count of answers awaited: answered, timed out or given up, whichever came first. */
        private void noLongerAwaited() {
            if (!released) {
                released = true;
                awaitedInRun.decrementAndGet();
            }
        }
    }
}
