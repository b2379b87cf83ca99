package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;

/**
 * One connect attempt of one slot of a load run ({@code run}, {@code ramp}): the engine's
 * {@link Lifecycle}, held once established until the run closes it as {@code --close} says or the
 * server ends it. It knows when it was planned and started, and counts each move of its lifecycle
 * through its {@link Dialer}: established once every phase passed, failed at the first that fails
 * (its TCP connect still counted, see docs/json-result.md). A connect that fails with a reset was
 * established first (see {@link FailureClassifier#handshakeCompleted}): it counts as established,
 * then reset by the server. Once it is over it drops its channel, so a long run does not keep its
 * dead channels (and their pipelines and buffers) reachable. Its outcome is handled on its slot's
 * event loop (see {@link Dialer}).
 *
 * <p>Once established it hands what the server sends to its {@link MessageExchange} when the run
 * sends messages, and discards it otherwise (tcpswarm writes nothing else), and notes a reset.
 */
@Sharable
final class Connection extends Lifecycle {
    final int slot;
    final boolean reopen;
    final long plannedNanos;
    private final Dialer dialer;
    volatile long establishedNanos;
    volatile boolean resetByPeer;
    /** Established, then ended by the peer (set by the dialer, which knows our own closes apart). */
    volatile boolean closedByPeer;
    /** Its traffic once established, when the run sends (touched on the slot's event loop only). */
    MessageExchange exchange;
    /** Its slot is queued for a reopen (touched on the slot's event loop only). */
    boolean reopenQueued;
    /** Its local port was picked by the dialer (touched on the slot's event loop only). */
    boolean portPicked;

    Connection(Dialer dialer, int slot, boolean reopen, long plannedNanos, long startNanos) {
        this.dialer = dialer;
        this.slot = slot;
        this.reopen = reopen;
        this.plannedNanos = plannedNanos;
        this.startNanos = startNanos;
    }

    @Override
    EventLoop loop() {
        return dialer.loopOf(slot);
    }

    @Override
    Phase[] phases() {
        return dialer.phases();
    }

    @Override
    LoopTimeouts phaseTimeouts() {
        return dialer.timeoutsOf(slot);
    }

    @Override
    void established(long nowNanos) {
        establishedNanos = nowNanos;
        dialer.onEstablished(this, nowNanos);
    }

    @Override
    void connectFailed(Throwable cause, long now) {
        if (dialer.phases().length > 0 && FailureClassifier.handshakeCompleted(cause)) {
            // Connected and reset before the phases could begin: the first phase saw the close.
            if (finishDialing()) {
                connectedNanos = now;
                Phase first = dialer.phases()[0];
                dialer.onPhaseFailed(this, 0, first, first.closedReason(), cause, now);
                channel = null;
            }
        } else if (FailureClassifier.handshakeCompleted(cause)) {
            // The server accepted and reset it before the connect's completion was seen: established,
            // then reset by the server, like one whose reset arrives a moment later.
            if (establishDialing()) {
                connectedNanos = now;
                established(now);
                resetByPeer = true;
                inactive();
            }
        } else if (dialer.dialedAgainOnAnotherPort(this, cause)) {
            return; // the port picked for it was in use: the same attempt goes on from the next one
        } else if (finishDialing()) {
            dialer.onFailed(this, cause, now);
            channel = null;
        }
    }

    @Override
    void connectTimedOut(long nowNanos) {
        dialer.onTimedOut(this, nowNanos);
    }

    @Override
    void phaseDone(int index, Phase phase, long latencyNanos, Object detail) {
        dialer.onPhasePassed(this, index, phase, latencyNanos, detail);
    }

    @Override
    void phaseFailedOn(int index, Phase phase, ErrorReason reason, long phaseNanos, Throwable cause) {
        dialer.onPhaseFailed(this, index, phase, reason, cause, System.nanoTime());
        channel = null;
    }

    @Override
    void closed(long nowNanos) {
        if (exchange != null) {
            exchange.closed();
        }
        dialer.onClosed(this, nowNanos);
        channel = null;
    }

    @Override
    void read(ByteBuf in) {
        MessageExchange e = exchange;
        if (e != null) {
            e.read(in);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() == channel && FailureClassifier.isReset(cause)) {
            resetByPeer = true;
        }
        ctx.close();
    }
}
