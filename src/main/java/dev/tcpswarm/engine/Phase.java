package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import io.netty.channel.Channel;

/**
 * One step of a connection after its TCP connect, before it is held or closed: the TLS handshake
 * ({@link TlsPhase}), and each send, expect or STARTTLS step of a conversation
 * ({@link dev.tcpswarm.engine.conversation.Conversation}). A phase is a small piece of the channel's
 * pipeline (usually one Netty handler) that says once whether it passed; the engine
 * ({@link PhaseRun}) times it with the one timeout mechanism ({@link LoopTimeouts}), measures its
 * latency, and hands the outcome to the connection, which counts it ({@code run}, {@code ramp})
 * or reports it ({@code monitor}). Its failure reasons come from {@link FailureClassifier}.
 *
 * <p>Threads: a phase value is shared by every connection of a run (immutable); {@link #begin} is
 * called on the channel's event loop, and the {@link Outcome} is told there.
 */
public interface Phase {
    /** Its name in reports and debug lines, e.g. {@code tls}. */
    String name();

    /** How long it may take, from {@link #begin}; at least 1 ns. */
    long timeoutNanos();

    /** The reason when it times out. */
    ErrorReason timeoutReason();

    /** The reason when the connection closes before it is over. */
    ErrorReason closedReason();

    /**
     * Why it failed when its time ran out on {@code channel} (on the loop): by default its
     * {@link #timeoutReason()}; a phase that knows more (what an expect step got so far) says so,
     * its cause's message being the words for it.
     */
    default Failure timedOut(Channel channel) {
        return new Failure(timeoutReason(), null);
    }

    /** Why it failed when {@code channel} closed before it was over (on the loop); by default its {@link #closedReason()}. */
    default Failure closed(Channel channel) {
        return new Failure(closedReason(), null);
    }

    /**
     * Starts the phase on {@code channel}, which is connected; tells {@code outcome} once when it
     * passed or failed (what it tells after a timeout, or twice, is ignored).
     */
    void begin(Channel channel, Outcome outcome);

    /** Whether this is the TLS handshake (a run counts its handshakes apart). */
    boolean isTls();

    /** Records a pass of this phase into a run's {@code recorder}: its latency, and what it learned. */
    void recordPassed(LoopRecorder recorder, long latencyNanos, Object detail);

    /** A failure's reason, and its cause (whose message words it), or null. */
    record Failure(ErrorReason reason, Throwable cause) {
    }

    /** How a phase tells the engine it is over. */
    interface Outcome {
        /** It passed; {@code detail} is what it learned (e.g. the TLS session), or null. */
        void passed(Object detail);

        /** It failed for {@code reason}; {@code cause} may be null. */
        void failed(ErrorReason reason, Throwable cause);
    }
}
