package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The engine's one connection lifecycle, for load connections ({@link Connection}: {@code run},
 * {@code ramp}) and monitor probes ({@code ProbeDialer}'s attempts) alike: connect, timed by the
 * loop's {@link LoopTimeouts}; then the phases after it ({@link PhaseRun}: TLS, a conversation's
 * steps), each with its own timeout and latency; then established. What happens at the end is the
 * only difference, and the subclass's: a load connection is held until it is closed as
 * {@code --close} says (or the server ends it), a probe sends its FIN and reports an outcome.
 *
 * <p>Its state moves once from dialing (or walking its phases) to resolved, whichever thread gets
 * there first, with a compare-and-set; each move calls the subclass's hook for it exactly once. It
 * is the only handler after the phases' in its channel's pipeline (so a channel needs no attribute
 * to find its lifecycle): it hands what the server sends to {@link #read}, and ends the lifecycle
 * when the channel goes inactive; events of a channel it no longer dials are ignored (a connect made
 * again from another port puts it in the new channel's pipeline too).
 *
 * <p>Threads: its hooks run on its event loop ({@link #loop()}); a connect that fails while its
 * channel is created (completing on Netty's GlobalEventExecutor) hops there first.
 */
abstract class Lifecycle extends ChannelInboundHandlerAdapter
        implements ChannelFutureListener, LoopTimeouts.Timed, PhaseRun.Listener {

    private static final int DIALING = 0;
    private static final int ESTABLISHED = 1;
    private static final int FINISHED = 2;
    /** Connected, walking its phases. */
    private static final int PHASES = 3;
    private static final AtomicIntegerFieldUpdater<Lifecycle> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Lifecycle.class, "state");

    private volatile int state = DIALING;
    /** When the connect call was made. */
    long startNanos;
    /** The channel while it dials or is established (a load connection drops it once it is over). */
    volatile Channel channel;
    /** When the TCP connect completed (touched on the loop only). */
    long connectedNanos;
    /** Its walk through the phases, while it is under way (touched on the loop only). */
    private PhaseRun phaseRun;

    /** The event loop its hooks run on. */
    abstract EventLoop loop();

    /** The phases after the connect; empty for plain TCP. */
    abstract Phase[] phases();

    /** The loop's timeouts, which time its phases. */
    abstract LoopTimeouts phaseTimeouts();

    /** Connected, and every phase passed (or there were none), at {@code nowNanos}. */
    abstract void established(long nowNanos);

    /**
     * The connect failed with {@code cause}, while it was still dialing (the subclass resolves it:
     * {@link #finishDialing}, {@link #establishDialing}, or not at all when it dials again).
     */
    abstract void connectFailed(Throwable cause, long nowNanos);

    /** The connect's time ran out (resolved already). */
    abstract void connectTimedOut(long nowNanos);

    /** Phase {@code index} passed, learning {@code detail}. */
    abstract void phaseDone(int index, Phase phase, long latencyNanos, Object detail);

    /** Phase {@code index} failed (resolved already; the channel is closed after this). */
    abstract void phaseFailedOn(int index, Phase phase, ErrorReason reason, long phaseNanos, Throwable cause);

    /** Established, and its channel went inactive (resolved already): the server, or our own close, ended it. */
    abstract void closed(long nowNanos);

    /** What the server sent once established; released by the caller. By default discarded. */
    void read(ByteBuf in) {
    }

    @Override
    public final void operationComplete(ChannelFuture future) {
        long now = System.nanoTime();
        EventLoop loop = loop();
        if (!loop.inEventLoop()) {
            try {
                loop.execute(() -> completed(future, now));
            } catch (RejectedExecutionException shutDown) {
                // the loops are closing: the run or the monitor is over
            }
            return;
        }
        completed(future, now);
    }

    private void completed(ChannelFuture future, long now) {
        if (!future.isSuccess()) {
            if (state == DIALING) {
                connectFailed(future.cause(), now);
            }
            return;
        }
        Phase[] phases = phases();
        if (!STATE.compareAndSet(this, DIALING, phases.length > 0 ? PHASES : ESTABLISHED)) {
            future.channel().close(); // resolved meanwhile (timed out, cancelled)
            return;
        }
        connectedNanos = now;
        if (phases.length > 0) {
            phaseRun = new PhaseRun(phases, future.channel(), phaseTimeouts(), this);
            phaseRun.start();
        } else {
            established(now);
        }
    }

    /** Dialing -> finished; true when this call resolved it. */
    final boolean finishDialing() {
        return STATE.compareAndSet(this, DIALING, FINISHED);
    }

    /** Dialing -> established with no phases walked (a connect reset right after the server accepted it). */
    final boolean establishDialing() {
        return STATE.compareAndSet(this, DIALING, ESTABLISHED);
    }

    /** Not resolved yet: connecting, or walking its phases. */
    final boolean isDialing() {
        int s = state;
        return s == DIALING || s == PHASES;
    }

    /** Walking its phases. */
    final boolean inPhases() {
        return state == PHASES;
    }

    /**
     * Dialing (or in its phases) -> finished by its owner, not by the network. True when this call
     * resolved it. A phase under way is abandoned (on the loop).
     */
    final boolean cancel() {
        if (STATE.compareAndSet(this, DIALING, FINISHED)) {
            return true;
        }
        if (STATE.compareAndSet(this, PHASES, FINISHED)) {
            abandonPhases();
            return true;
        }
        return false;
    }

    /** Any state but finished -> finished (a phase under way abandoned); true when this call ended it. */
    final boolean end() {
        return cancel() || STATE.compareAndSet(this, ESTABLISHED, FINISHED);
    }

    private void abandonPhases() {
        if (phaseRun != null) {
            phaseRun.abandon();
            phaseRun = null;
        }
    }

    // The connect's timeout (LoopTimeouts): from the connect call while the connect is under way.

    @Override
    public final long timedFromNanos() {
        return startNanos;
    }

    @Override
    public final boolean stillWaiting() {
        return state == DIALING;
    }

    @Override
    public final void timedOut(long nowNanos) {
        if (finishDialing()) {
            connectTimedOut(nowNanos);
        }
    }

    // The phases (PhaseRun), on the loop.

    @Override
    public final void phasePassed(int index, Phase phase, long latencyNanos, Object detail) {
        if (state == PHASES) {
            phaseDone(index, phase, latencyNanos, detail);
        }
    }

    @Override
    public final void phasesPassed(long nowNanos) {
        if (STATE.compareAndSet(this, PHASES, ESTABLISHED)) {
            phaseRun = null;
            established(nowNanos);
        }
    }

    @Override
    public final void phaseFailed(int index, Phase phase, ErrorReason reason, long phaseNanos, Throwable cause) {
        if (STATE.compareAndSet(this, PHASES, FINISHED)) {
            phaseRun = null;
            Channel ch = channel;
            phaseFailedOn(index, phase, reason, phaseNanos, cause);
            if (ch != null) {
                ch.close();
            }
        }
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in && ctx.channel() == channel) {
            read(in);
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() == channel) {
            inactive();
        }
    }

    /**
     * The channel went inactive: if it was established, the peer (or our own close) ended it; if it
     * was in a phase, that phase fails for its closed reason.
     */
    final void inactive() {
        if (state == PHASES && phaseRun != null) {
            phaseRun.closed();
            return;
        }
        if (STATE.compareAndSet(this, ESTABLISHED, FINISHED)) {
            closed(System.nanoTime());
        }
    }
}
