package dev.tcpswarm.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import dev.tcpswarm.stats.ErrorReason;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One connect attempt of one slot: when it was planned and started, and a state that moves exactly
 * once from dialing to resolved, whichever thread gets there first (the connect result, the run's
 * deadline, or the peer closing it). With phases after the connect (TLS), it walks them
 * ({@link PhaseRun}) between the two: established once every phase passed, failed at the first
 * that fails (its TCP connect still counted, see docs/json-result.md). A connect that fails with a reset was established first (see
 * {@link FailureClassifier#handshakeCompleted}): it counts as established, then reset by the server.
 * Once it is over it drops its channel, so a long run does not keep its dead channels (and their
 * pipelines and buffers) reachable. Its outcome is handled on its slot's event loop (see
 * {@link Dialer}).
 *
 * <p>It is also the only handler in its channel's pipeline (so a channel needs no attribute to find
 * its connection): it hands what the server sends to its {@link MessageExchange} when the run
 * sends messages, and discards it otherwise (tcpswarm writes nothing else), notes a reset, and
 * ends the connection when the channel goes inactive. Sharable only in that a connect
 * made again from another port (the same attempt) puts it in the new channel's pipeline too; events
 * of a channel it no longer dials are ignored.
 */
@Sharable
final class Connection extends ChannelInboundHandlerAdapter
        implements ChannelFutureListener, LoopTimeouts.Timed, PhaseRun.Listener {

    private static final int DIALING = 0;
    private static final int ESTABLISHED = 1;
    private static final int FINISHED = 2;
    /** Connected, walking its phases. */
    private static final int PHASES = 3;
    private static final AtomicIntegerFieldUpdater<Connection> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "state");

    final int slot;
    final boolean reopen;
    final long plannedNanos;
    final long startNanos;
    private final Dialer dialer;
    private volatile int state = DIALING;
    /** The channel while the connection dials or is established; null once it is over. */
    volatile Channel channel;
    volatile long establishedNanos;
    /** When the TCP connect completed (touched on the slot's event loop only). */
    long connectedNanos;
    /** Its walk through the phases, while it is under way (touched on the slot's event loop only). */
    private PhaseRun phaseRun;
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
    public void operationComplete(ChannelFuture future) {
        long now = System.nanoTime();
        EventLoop loop = dialer.loopOf(slot);
        if (!loop.inEventLoop()) {
            // A connect that failed while its channel was created ("too many open files") completes
            // on Netty's GlobalEventExecutor: it is counted on the slot's loop, like every other.
            try {
                loop.execute(() -> completed(future, now));
            } catch (RejectedExecutionException shutDown) {
                // the loops are closing: the run is over and its counts are frozen
            }
            return;
        }
        completed(future, now);
    }

    private void completed(ChannelFuture future, long now) {
        if (future.isSuccess()) {
            Phase[] phases = dialer.phases();
            if (phases.length > 0) {
                if (STATE.compareAndSet(this, DIALING, PHASES)) {
                    connectedNanos = now;
                    phaseRun = new PhaseRun(phases, future.channel(), dialer.timeoutsOf(slot), this);
                    phaseRun.start();
                } else {
                    future.channel().close(); // cancelled at the deadline meanwhile
                }
            } else if (STATE.compareAndSet(this, DIALING, ESTABLISHED)) {
                connectedNanos = now;
                establishedNanos = now;
                dialer.onEstablished(this, now);
            } else {
                future.channel().close(); // cancelled at the deadline meanwhile
            }
        } else if (dialer.phases().length > 0 && FailureClassifier.handshakeCompleted(future.cause())) {
            // Connected and reset before the phases could begin: the first phase saw the close.
            if (STATE.compareAndSet(this, DIALING, FINISHED)) {
                connectedNanos = now;
                Phase first = dialer.phases()[0];
                dialer.onPhaseFailed(this, 0, first, first.closedReason(), future.cause(), now);
                channel = null;
            }
        } else if (FailureClassifier.handshakeCompleted(future.cause())) {
            // The server accepted and reset it before the connect's completion was seen: established,
            // then reset by the server, like one whose reset arrives a moment later.
            if (STATE.compareAndSet(this, DIALING, ESTABLISHED)) {
                connectedNanos = now;
                establishedNanos = now;
                dialer.onEstablished(this, now);
                resetByPeer = true;
                inactive();
            }
        } else if (isDialing() && dialer.dialedAgainOnAnotherPort(this, future.cause())) {
            return; // the port picked for it was in use: the same attempt goes on from the next one
        } else if (STATE.compareAndSet(this, DIALING, FINISHED)) {
            dialer.onFailed(this, future.cause(), now);
            channel = null;
        }
    }

    /** Not resolved yet: connecting, or walking its phases. */
    boolean isDialing() {
        int s = state;
        return s == DIALING || s == PHASES;
    }

    /**
     * Dialing (or in its phases) -> finished by the run, not by the network. True when this call
     * resolved it. A phase under way is abandoned (on the slot's loop: the callers are there).
     */
    boolean cancel() {
        if (STATE.compareAndSet(this, DIALING, FINISHED)) {
            return true;
        }
        if (STATE.compareAndSet(this, PHASES, FINISHED)) {
            if (phaseRun != null) {
                phaseRun.abandon();
            }
            return true;
        }
        return false;
    }

    // The connect's timeout (LoopTimeouts): from the connect call while the connect is under way.

    @Override
    public long timedFromNanos() {
        return startNanos;
    }

    @Override
    public boolean stillWaiting() {
        return state == DIALING;
    }

    @Override
    public void timedOut(long nowNanos) {
        if (STATE.compareAndSet(this, DIALING, FINISHED)) {
            dialer.onTimedOut(this, nowNanos);
        }
    }

    // The phases (PhaseRun), on the slot's loop.

    @Override
    public void phasePassed(int index, Phase phase, long latencyNanos, Object detail) {
        if (state == PHASES) {
            dialer.onPhasePassed(this, index, phase, latencyNanos, detail);
        }
    }

    @Override
    public void phasesPassed(long nowNanos) {
        if (STATE.compareAndSet(this, PHASES, ESTABLISHED)) {
            phaseRun = null;
            establishedNanos = nowNanos;
            dialer.onEstablished(this, nowNanos);
        }
    }

    @Override
    public void phaseFailed(int index, Phase phase, ErrorReason reason, long phaseNanos, Throwable cause) {
        if (STATE.compareAndSet(this, PHASES, FINISHED)) {
            phaseRun = null;
            dialer.onPhaseFailed(this, index, phase, reason, cause, System.nanoTime());
            Channel ch = channel;
            channel = null;
            if (ch != null) {
                ch.close();
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MessageExchange e = exchange;
        if (e != null && msg instanceof ByteBuf in && ctx.channel() == channel) {
            e.read(in);
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() == channel && FailureClassifier.isReset(cause)) {
            resetByPeer = true;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() == channel) {
            inactive();
        }
    }

    /**
     * The channel went inactive: if it was established, the peer (or our own close) ended it; if it
     * was in a phase, that phase failed for its closed reason.
     */
    void inactive() {
        if (state == PHASES && phaseRun != null) {
            phaseRun.closed();
            return;
        }
        if (STATE.compareAndSet(this, ESTABLISHED, FINISHED)) {
            if (exchange != null) {
                exchange.closed();
            }
            dialer.onClosed(this, System.nanoTime());
            channel = null;
        }
    }
}
