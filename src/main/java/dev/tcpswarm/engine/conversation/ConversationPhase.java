package dev.tcpswarm.engine.conversation;

import dev.tcpswarm.engine.FailureClassifier;
import dev.tcpswarm.engine.Phase;
import dev.tcpswarm.plan.DurationText;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * A conversation's step as a phase of the engine's walk ({@link dev.tcpswarm.engine.PhaseRun}): each
 * send and each expect is one phase, timed on its own by the engine's timeouts, so that each
 * expect's latency is the time to its match and each failure is that step's. The connection's
 * bytes and captures live in its {@link ConversationState}. The last step of a conversation takes
 * the state out of the pipeline.
 *
 * <p>Threads: one value per run or service, shared by its connections; called on the channel's loop.
 */
public abstract sealed class ConversationPhase implements Phase
        permits ConversationPhase.SendPhase, ConversationPhase.ExpectPhase, ConversationPhase.EndPhase {
    final long timeoutNanos;
    final boolean last;

    ConversationPhase(long timeoutNanos, boolean last) {
        this.timeoutNanos = Math.max(1, timeoutNanos);
        this.last = last;
    }

    @Override
    public long timeoutNanos() {
        return timeoutNanos;
    }

    @Override
    public ErrorReason timeoutReason() {
        return ErrorReason.NO_ANSWER;
    }

    @Override
    public ErrorReason closedReason() {
        return ErrorReason.CLOSED_BEFORE_ANSWER;
    }

    @Override
    public boolean isTls() {
        return false;
    }

    @Override
    public Failure closed(Channel channel) {
        ConversationState state = ConversationState.of(channel);
        return state != null ? state.closed() : Phase.super.closed(channel);
    }

    @Override
    public void recordPassed(LoopRecorder recorder, long latencyNanos, Object detail) {
        // a load run's counts of its conversation are its own (the engine counts connects and TLS)
    }

    /** Tells {@code outcome} it passed, ending the conversation's state first when this is the last step. */
    final void pass(Channel channel, ConversationState state, Outcome outcome, Object detail) {
        if (last) {
            state.end(channel);
        }
        outcome.passed(detail);
    }

    /** Writes its payload, the last match's groups in place; passes once the bytes are written. */
    static final class SendPhase extends ConversationPhase {
        final Payload payload;

        SendPhase(Payload payload, long timeoutNanos, boolean last) {
            super(timeoutNanos, last);
            this.payload = payload;
        }

        @Override
        public String name() {
            return "send";
        }

        @Override
        public void begin(Channel channel, Outcome outcome) {
            ConversationState state = ConversationState.on(channel); // from now on the answer is kept
            byte[] bytes = payload.bytes(state.captures());
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
                if (f.isSuccess()) {
                    pass(channel, state, outcome, null);
                } else if (channel.isOpen()) {
                    outcome.failed(FailureClassifier.isReset(f.cause()) ? ErrorReason.RESET : ErrorReason.OTHER, f.cause());
                } // else the close tells the phase
            });
        }

        @Override
        public Failure timedOut(Channel channel) {
            return new Failure(ErrorReason.NO_ANSWER, new ConversationFailure("could not send within "
                    + DurationText.format(timeoutNanos) + ": the server reads nothing", ""));
        }
    }

    /** Waits for its step's answer among the bytes since the last match. */
    static final class ExpectPhase extends ConversationPhase {
        final Step.Expect step;

        ExpectPhase(Step.Expect step, long timeoutNanos, boolean last) {
            super(timeoutNanos, last);
            this.step = step;
        }

        @Override
        public String name() {
            return "expect";
        }

        @Override
        public void begin(Channel channel, Outcome outcome) {
            ConversationState state = ConversationState.on(channel);
            state.await(step, new Outcome() {
                @Override
                public void passed(Object detail) {
                    pass(channel, state, outcome, detail);
                }

                @Override
                public void failed(ErrorReason reason, Throwable cause) {
                    outcome.failed(reason, cause);
                }
            });
        }

        @Override
        public Failure timedOut(Channel channel) {
            ConversationState state = ConversationState.of(channel);
            return state == null ? super.timedOut(channel) : state.timedOut(step, DurationText.format(timeoutNanos));
        }
    }

    /** Ends a conversation whose last step is not one of its own (a STARTTLS's handshake). */
    static final class EndPhase extends ConversationPhase {
        EndPhase(long timeoutNanos) {
            super(timeoutNanos, true);
        }

        @Override
        public String name() {
            return "end";
        }

        @Override
        public void begin(Channel channel, Outcome outcome) {
            ConversationState state = ConversationState.of(channel);
            if (state != null) {
                state.end(channel);
            }
            outcome.passed(null);
        }
    }
}
