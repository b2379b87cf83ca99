package dev.tcpswarm.engine;

import dev.tcpswarm.stats.LoopRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * One held connection's traffic, as its run's {@link Messaging} says: the first message when it is
 * up, then the repeated one on a schedule of its own (message {@code k} is planned {@code k}
 * intervals after the connection came up, and a send that is late, because the loop was busy,
 * goes out as soon as its loop's {@link LoopSends} gets to it, its latency still counted from its
 * planned time: the schedule is free of coordinated omission, as the connection starts are). With
 * an expected answer, the answers are found by an {@link AnswerScanner} in the bytes received since
 * the last match, each to the oldest message not yet answered; one not there within the response
 * timeout (from its actual send, timed by the loop's {@link LoopTimeouts}) counts as a timeout, and
 * if it comes later, as late. A message's bytes count as sent once they are in the kernel.
 *
 * <p>Threads: made and driven on the connection's event loop only.
 */
final class MessageExchange implements LoopSends.Sender {
    /** Answers still awaited per connection beyond which the oldest timed-out ones are given up. */
    private static final int MAX_AWAITED = 4096;

    private final Messaging messaging;
    private final Channel channel;
    private final LoopRecorder recorder;
    private final LoopTimeouts timeouts;
    private final LoopSends sends;
    /** Answers awaited over the whole run (for the end's wait for the last ones). */
    private final LongAdder awaitedInRun;
    private final ArrayDeque<Awaited> awaited = new ArrayDeque<>();
    private final AnswerScanner answers;
    /** Count a write's bytes once they are in the kernel; one per payload, its size known. */
    private final ChannelFutureListener firstWritten;
    private final ChannelFutureListener repeatedWritten;
    private long nextPlannedNanos;
    private boolean stopped;
    /** Whether it waits in {@link #sends}, which is told when it stops. */
    private boolean queued;

    MessageExchange(Messaging messaging, Channel channel, LoopRecorder recorder, LoopTimeouts timeouts,
            LoopSends sends, LongAdder awaitedInRun) {
        this.messaging = messaging;
        this.channel = channel;
        this.recorder = recorder;
        this.timeouts = timeouts;
        this.sends = sends;
        this.awaitedInRun = awaitedInRun;
        this.answers = messaging.expect() == null ? null : new AnswerScanner(messaging.expect());
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
            send(first, firstWritten, upNanos, System.nanoTime(), true);
        }
        if (messaging.repeats() && !stopped) {
            nextPlannedNanos = first != null ? upNanos + messaging.intervalNanos() : upNanos;
            sends.add(this);
            queued = true;
        }
    }

    /** When the next repeated message is planned ({@link System#nanoTime()}). */
    @Override
    public long nextPlannedNanos() {
        return nextPlannedNanos;
    }

    /** Whether it still sends its repeated message. */
    @Override
    public boolean sending() {
        return !stopped;
    }

    /** Whether its channel takes a write now. */
    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    /** The repeated messages due, from the one planned at {@link #nextPlannedNanos()} on: written now, flushed once. */
    @Override
    public int sendDue(long now, int most) {
        long interval = messaging.intervalNanos();
        long behind = (now - nextPlannedNanos) / interval; // intervals past the planned time
        int due = behind >= most ? most : (int) behind + 1;
        int sent = 0;
        while (sent < due && !stopped) {
            send(messaging.repeated(), repeatedWritten, nextPlannedNanos, now, ++sent == due);
            nextPlannedNanos += interval;
        }
        return sent;
    }

    /** One message written, and with {@code flush} everything written so far handed to the kernel. */
    private void send(ByteBuf payload, ChannelFutureListener written, long plannedNanos, long now, boolean flush) {
        if (!channel.isActive()) {
            payload.release();
            channel.flush(); // the messages written before it, if any, fail with the channel
            stop();
            return;
        }
        if (flush) {
            channel.writeAndFlush(payload, channel.newPromise()).addListener(written);
        } else {
            channel.write(payload, channel.newPromise()).addListener(written);
        }
        if (answers != null) {
            Awaited a = new Awaited(plannedNanos, now);
            awaited.add(a);
            awaitedInRun.increment();
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
        if (answers == null) {
            return;
        }
        int found = answers.answers(in);
        if (found == 0) {
            return;
        }
        long now = System.nanoTime();
        for (Awaited a; found > 0 && (a = awaited.poll()) != null; found--) {
            a.answered(now);
        }
    }

    /** No more sends (the hold is over, or the connection closed); answers already awaited may still come. */
    void stop() {
        if (!stopped) {
            stopped = true;
            if (queued) {
                sends.stopped();
            }
        }
    }

    /** The connection is gone: nothing more will be answered. */
    void closed() {
        stop();
        for (Awaited a; (a = awaited.poll()) != null; ) {
            a.giveUp();
        }
        if (answers != null) {
            answers.release();
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
                awaitedInRun.decrement();
            }
        }
    }
}
