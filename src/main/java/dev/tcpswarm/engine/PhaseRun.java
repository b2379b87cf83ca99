package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;
import io.netty.channel.Channel;

/**
 * Walks one connection through its phases after the TCP connect, one after the other, each timed
 * by the loop's {@link LoopTimeouts} with its own timeout and its latency measured on its own, and
 * tells the connection how each ended. The first failure ends the walk. A run without phases makes
 * none of these (the plain-TCP path is untouched).
 *
 * <p>Threads: made and driven on the channel's event loop only.
 */
final class PhaseRun {
    /** Hears how the phases end; on the loop. */
    interface Listener {
        /** Phase {@code index} passed after {@code latencyNanos}, learning {@code detail}. */
        void phasePassed(int index, Phase phase, long latencyNanos, Object detail);

        /** Every phase passed. */
        void phasesPassed(long nowNanos);

        /**
         * Phase {@code index} failed (or timed out) for {@code reason}, {@code phaseNanos} after it
         * began; the walk is over.
         */
        void phaseFailed(int index, Phase phase, ErrorReason reason, long phaseNanos, Throwable cause);
    }

    private final Phase[] phases;
    private final Channel channel;
    private final LoopTimeouts timeouts;
    private final Listener listener;
    private int index = -1;
    private Step current;

    PhaseRun(Phase[] phases, Channel channel, LoopTimeouts timeouts, Listener listener) {
        this.phases = phases;
        this.channel = channel;
        this.timeouts = timeouts;
        this.listener = listener;
    }

    /** Begins the first phase (there is at least one). */
    void start() {
        next(System.nanoTime());
    }

    /** Ends the walk as it is (the connection was cancelled): nothing more is told. */
    void abandon() {
        if (current != null) {
            current.over = true;
        }
    }

    /** The channel closed while a phase was under way: that phase fails for its closed reason. */
    void closed() {
        if (current != null && !current.over) {
            Phase.Failure f = phases[current.at].closed(channel);
            current.failed(f.reason(), f.cause());
        }
    }

    private void next(long now) {
        index++;
        if (index == phases.length) {
            current = null;
            listener.phasesPassed(now);
            return;
        }
        Step step = new Step(index, now);
        current = step;
        timeouts.arm(step, phases[index].timeoutNanos());
        phases[index].begin(channel, step);
    }

    /** One phase of the walk: its clock, its timeout, and its outcome, told once. */
    private final class Step implements LoopTimeouts.Timed, Phase.Outcome {
        final int at;
        final long startNanos;
        boolean over;

        Step(int at, long startNanos) {
            this.at = at;
            this.startNanos = startNanos;
        }

        @Override
        public long timedFromNanos() {
            return startNanos;
        }

        @Override
        public boolean stillWaiting() {
            return !over;
        }

        @Override
        public void timedOut(long nowNanos) {
            over = true;
            Phase.Failure f = phases[at].timedOut(channel);
            listener.phaseFailed(at, phases[at], f.reason(), nowNanos - startNanos, f.cause());
        }

        @Override
        public void passed(Object detail) {
            assert channel.eventLoop().inEventLoop();
            if (over) {
                return;
            }
            over = true;
            long now = System.nanoTime();
            listener.phasePassed(at, phases[at], now - startNanos, detail);
            next(now);
        }

        @Override
        public void failed(ErrorReason reason, Throwable cause) {
            assert channel.eventLoop().inEventLoop();
            if (over) {
                return;
            }
            over = true;
            listener.phaseFailed(at, phases[at], reason, System.nanoTime() - startNanos, cause);
        }
    }
}
