package dev.tcpswarm.engine;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Preflight;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens the plan's connections on its schedule. One {@link Bootstrap} is configured; each event loop
 * gets its own clone and a pacer for its share of the slots (slot {@code i} belongs to loop
 * {@code i % loops}), so a connection is created, registered and connected on one thread with no
 * hand-off. A pacer starts every slot whose planned time has come (catching up at once when it fell
 * behind, and recording how late), then schedules itself for the next planned start: the load
 * follows the plan, not a loop that sleeps. Exactly {@code plan.connections()} first attempts are
 * made; with reconnect on, slots the server closes are reopened at the plan's pace. After each TCP
 * connect, the connection walks the run's phases (TLS), if any, before it counts as established.
 * Every connect and phase is timed out by its loop's {@link LoopTimeouts}.
 *
 * <p>Everything that happens to a slot happens on its loop, which records it in its own
 * {@link LoopRecorder} (no lock shared between loops): a connect that fails off the loop (while its
 * channel is created, on Netty's {@code GlobalEventExecutor}) hops back, and the run's deadline
 * cancels each loop's connections on that loop.
 */
public final class Dialer {
    /** Connects a pacer starts in one go before it yields its event loop to I/O. */
    private static final int BATCH = 32;

    private final LoadPlan plan;
    private final ConnectionTracker tracker;
    private final DialObserver observer;
    private final InetSocketAddress remote;
    private final List<InetSocketAddress> locals = new ArrayList<>();
    private final List<Pacer> pacers = new ArrayList<>();
    private final boolean abortive;
    private final long dialTimeoutNanos;
    /** The ephemeral port range when this dialer picks its local ports ({@link PortPicker}), else null. */
    private final int[] pickedPortRange;
    /** The ports the administrator reserved, which a picked port never is (read once, with the range). */
    private final BitSet reservedPorts;
    private final EventLoopGroup group;
    private final Transport transport;
    private final Phase[] phases;
    /** What each connection sends once up; null when it sends nothing. */
    private final Messaging messaging;
    /** Answers awaited now over every loop (the end of a run waits for the last ones). */
    private final LongAdder awaitedAnswers = new LongAdder();
    private volatile boolean messagesStopped;
    private boolean warm;
    private volatile long startNanos;
    private volatile boolean stopped;
    private volatile boolean reconnecting;

    public Dialer(LoadPlan plan, ConnectionTracker tracker, EventLoopGroup group, Transport transport,
            DialObserver observer) {
        this(plan, tracker, group, transport, observer, List.of());
    }

    /** A dialer whose connections walk {@code phases} after the TCP connect (none: plain TCP). */
    public Dialer(LoadPlan plan, ConnectionTracker tracker, EventLoopGroup group, Transport transport,
            DialObserver observer, List<Phase> phases) {
        this(plan, tracker, group, transport, observer, phases, null);
    }

    /** As above, each connection sending what {@code messaging} says once it is up (null: nothing). */
    public Dialer(LoadPlan plan, ConnectionTracker tracker, EventLoopGroup group, Transport transport,
            DialObserver observer, List<Phase> phases, Messaging messaging) {
        this.plan = plan;
        this.messaging = messaging;
        if (messaging != null) {
            tracker.usesMessages(messaging.expect() != null);
        }
        this.phases = phases.toArray(new Phase[0]);
        this.tracker = tracker;
        this.observer = observer;
        this.remote = withHostString(plan.target().address());
        this.abortive = plan.closeMode() == CloseMode.RST;
        this.dialTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(plan.dialTimeoutMillis());
        this.group = group;
        this.transport = transport;
        for (InetAddress source : plan.sources()) {
            locals.add(new InetSocketAddress(source, 0));
        }
        this.pickedPortRange = Preflight.pickedPortRange(plan);
        this.reservedPorts = pickedPortRange == null ? new BitSet() : Preflight.reservedPorts();
        DescriptorTable.reserve(plan.connections()); // before the clock: no stall on the way up
        // Nothing here uses what a server sends, unless a phase does (TLS) or messages are sent, and a reset close needs
        // no empty receive queue: no read interest. The peer's FIN or RST is still seen (EPOLLRDHUP,
        // EPOLLERR), and Netty then reads to the end and closes.
        boolean readInterest = this.phases.length > 0 || messaging != null || !abortive
                || !transport.seesPeerCloseWithoutReading();
        Bootstrap bootstrap = ClientChannels.bootstrap(transport, remote.getAddress(), readInterest,
                locals.isEmpty() ? null : transport.bindSourceWithoutPortOption()).group(group);
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor executor : group) {
            loops.add((EventLoop) executor);
        }
        for (int k = 0; k < loops.size(); k++) {
            pacers.add(new Pacer(bootstrap.clone(loops.get(k)), loops.get(k), k, loops.size()));
        }
    }

    /**
     * The same address, carrying its host string (the name, or the literal for an IP target): Netty
     * asks for it after every connect to label the channel's remote address, and an address made
     * from a literal builds that string anew each time (a few hundred bytes of garbage per
     * connection, and a string kept by each channel). Scoped IPv6 addresses are left as they are.
     */
    static InetSocketAddress withHostString(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null || (ip instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null))) {
            return address;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address.getHostString(), ip.getAddress()),
                    address.getPort());
        } catch (UnknownHostException e) {
            return address; // not reached: the address bytes come from an InetAddress
        }
    }

    /** The wildcard address of {@code address}'s family, to bind a picked port to. */
    private static InetAddress wildcard(InetAddress address) {
        try {
            return InetAddress.getByAddress(new byte[address.getAddress().length]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // not reached: 4 or 16 bytes
        }
    }

    /** Starts the schedule; returns at once. Connection 0 is planned for now. */
    public void start() {
        warmUp();
        startClock(System.nanoTime());
    }

    /**
     * Before the clock starts: the loops' threads up, the channel code loaded, and once per process
     * for a large run, the dial path compiled ({@link DialRehearsal}). Returns once done;
     * {@link #start()} does it if it was not done.
     */
    public void warmUp() {
        if (warm) {
            return;
        }
        warm = true;
        for (Pacer p : pacers) {
            EventLoops.warmUp(p.bootstrap);
        }
        DialRehearsal.onceFor(plan, group, transport);
    }

    /**
     * Starts the schedule with its planned-start clock at {@code zeroNanos} ({@link System#nanoTime()});
     * returns at once. A zero still ahead is waited for by each loop's own timer, so shards given one
     * start time begin together; one already past makes the starts planned before now late (and
     * counted so). After {@link #warmUp()}.
     */
    public void startClock(long zeroNanos) {
        startNanos = zeroNanos;
        for (Pacer p : pacers) {
            p.loop.execute(p::pace);
        }
    }

    /**
     * Reopen, from now on, each connection the server closes (until {@link #stopStarting()}), and
     * those it closed already.
     */
    public void reconnect(boolean on) {
        reconnecting = on;
        if (on) {
            for (Pacer p : pacers) {
                onLoop(p, p::reopenClosed);
            }
        }
    }

    /** No connection starts after this returns; those already dialing go on. */
    public void stopStarting() {
        reconnecting = false;
        stopped = true;
        for (Pacer p : pacers) {
            onLoop(p, p::stop).syncUninterruptibly();
        }
    }

    private static Future<?> onLoop(Pacer p, Runnable task) {
        if (p.loop.inEventLoop()) {
            task.run();
            return p.loop.newSucceededFuture(null);
        }
        return p.loop.submit(task);
    }

    private static <T> T onLoopAndWait(Pacer p, Callable<T> task) {
        if (p.loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return p.loop.submit(task).syncUninterruptibly().getNow();
    }

    /**
     * Resolves every connection still dialing as an error for {@code reason}, and closes it; each
     * loop its own. Returns how many were cancelled.
     */
    public int cancelDialing(ErrorReason reason) {
        stopStarting();
        int cancelled = 0;
        for (Pacer p : pacers) {
            cancelled += onLoopAndWait(p, () -> p.cancelOwn(reason));
        }
        return cancelled;
    }

    /** How many slots have a connection dialing now. */
    public int dialingNow() {
        int n = 0;
        for (Pacer p : pacers) {
            n += p.own.dialing();
        }
        return n;
    }

    /**
     * Stops starting and closes every connection, each loop closing its own in one task. With
     * {@link CloseMode#RST} each socket gets SO_LINGER 0 just before its close (not at connect time,
     * which would cost a system call on the dialing path).
     */
    public CompletableFuture<Void> closeAll() {
        stopStarting();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(pacers.size());
        for (Pacer p : pacers) {
            onLoop(p, p::closeOwn).addListener(f -> {
                if (pending.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        return done;
    }

    /** The event loop of {@code slot}: everything that happens to it happens there. */
    EventLoop loopOf(int slot) {
        return pacerOf(slot).loop;
    }

    private Pacer pacerOf(int slot) {
        return pacers.get(slot % pacers.size());
    }

    /** The phases every connection walks after its TCP connect; empty for plain TCP. */
    Phase[] phases() {
        return phases;
    }

    /** The timeouts of {@code slot}'s loop. */
    LoopTimeouts timeoutsOf(int slot) {
        return pacerOf(slot).timeouts;
    }

    /**
     * Established, {@code now}, after its phases if any; its connect latency is the TCP connect's.
     * On the slot's loop.
     */
    void onEstablished(Connection c, long now) {
        Pacer p = pacerOf(c.slot);
        assert p.loop.inEventLoop();
        if (c.portPicked) {
            p.ports.succeeded();
        }
        long connected = c.connectedNanos;
        p.recorder.established(connected - c.startNanos, connected - c.plannedNanos, c.reopen);
        observer.established(c.slot, connected - c.startNanos);
        Channel ch = c.channel;
        if (messaging != null && ch != null && !messagesStopped) {
            c.exchange = new MessageExchange(messaging, ch, p.recorder, p.timeouts, p.sends, awaitedAnswers);
            c.exchange.start(now);
        }
    }

    /**
     * No more messages from here on (the hold is over); answers already awaited may still come.
     * Returns once every loop has stopped its connections' sends.
     */
    public void stopMessages() {
        if (messaging == null) {
            return;
        }
        messagesStopped = true;
        for (Pacer p : pacers) {
            onLoop(p, p::stopMessages).syncUninterruptibly();
        }
    }

    /** Answers awaited now, over every connection (0 when the run matches none). */
    public long awaitedAnswers() {
        return awaitedAnswers.sum();
    }

    /** Its connect timed out. On the slot's loop. */
    void onTimedOut(Connection c, long now) {
        Pacer p = pacerOf(c.slot);
        assert p.loop.inEventLoop();
        if (c.portPicked) {
            p.ports.succeeded(); // the port was fine
        }
        long elapsed = now - c.startNanos;
        p.recorder.failed(ErrorReason.TIMEOUT, elapsed, c.reopen);
        observer.failed(c.slot, ErrorReason.TIMEOUT, elapsed, null);
        Channel ch = c.channel;
        c.channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    /** A phase passed after {@code latencyNanos}. On the slot's loop. */
    void onPhasePassed(Connection c, int index, Phase phase, long latencyNanos, Object detail) {
        Pacer p = pacerOf(c.slot);
        assert p.loop.inEventLoop();
        phase.recordPassed(p.recorder, latencyNanos, detail);
    }

    /**
     * A phase failed after the TCP connect had succeeded: the connect counts (its latency is
     * recorded), and the connection fails for {@code reason}. On the slot's loop.
     */
    void onPhaseFailed(Connection c, int index, Phase phase, ErrorReason reason, Throwable cause, long now) {
        Pacer p = pacerOf(c.slot);
        assert p.loop.inEventLoop();
        if (c.portPicked) {
            p.ports.succeeded(); // the port was fine
        }
        long connected = c.connectedNanos;
        p.recorder.failedAfterConnect(reason, phase.isTls(), connected - c.startNanos, connected - c.plannedNanos,
                now - c.startNanos, c.reopen);
        observer.failed(c.slot, reason, now - c.startNanos, cause);
    }

    /**
     * When {@code c}'s connect failed because the port picked for it was in use, connects it again
     * from the next port (the same attempt) and returns true. On the slot's loop.
     */
    boolean dialedAgainOnAnotherPort(Connection c, Throwable cause) {
        Pacer p = pacerOf(c.slot);
        assert p.loop.inEventLoop();
        if (!c.portPicked) {
            return false;
        }
        if (FailureClassifier.classify(cause) != ErrorReason.PORTS_EXHAUSTED) {
            p.ports.succeeded(); // the port itself was fine
            return false;
        }
        p.ports.failed();
        p.connect(c);
        return true;
    }

    /** On the slot's loop. */
    void onFailed(Connection c, Throwable cause, long now) {
        Pacer p = pacerOf(c.slot);
        assert p.loop.inEventLoop();
        ErrorReason reason = FailureClassifier.classify(cause);
        p.recorder.failed(reason, now - c.startNanos, c.reopen);
        observer.failed(c.slot, reason, now - c.startNanos, cause);
    }

    /** On the slot's loop. */
    void onClosed(Connection c, long now) {
        Pacer p = pacerOf(c.slot);
        assert p.loop.inEventLoop();
        if (tracker.isFrozen()) {
            return; // our own closing at the end
        }
        c.closedByPeer = true;
        long lifetime = now - c.establishedNanos;
        p.recorder.closedByPeer(lifetime, c.resetByPeer);
        observer.closedByPeer(c.slot, c.resetByPeer, lifetime);
        if (reconnecting && !stopped) {
            p.queueReopen(c);
        }
    }

    /**
     * Starts the slots of one event loop on schedule; all its state is touched on that loop only. It
     * merges two schedules, first attempts and reopens, each of which says when its next start is
     * due: it starts whatever is due (at most {@link #BATCH} in a go), then schedules itself for the
     * earlier of the two.
     */
    private final class Pacer {
        final Bootstrap bootstrap;
        final EventLoop loop;
        final LoopRecorder recorder = tracker.newLoopRecorder();
        final int first;
        final int stride;
        final FirstAttempts firstAttempts;
        final Reopens reopens;
        /** This loop's local ports, when the dialer picks them; else null. */
        final PortPicker ports;
        ScheduledFuture<?> pending;
        long pendingAt;
        boolean halted;
        /** This loop's connect and phase timeouts. */
        final LoopTimeouts timeouts;
        /** This loop's clock for the held connections' repeated messages. */
        final LoopSends sends;
        /** This loop's slots that have started, each with its latest connection. */
        final StartedSlots own;

        Pacer(Bootstrap bootstrap, EventLoop loop, int first, int stride) {
            this.bootstrap = bootstrap;
            this.loop = loop;
            this.timeouts = new LoopTimeouts(loop);
            this.sends = new LoopSends(loop);
            this.first = first;
            this.stride = stride;
            this.firstAttempts = new FirstAttempts(first, stride);
            this.own = new StartedSlots(first, stride);
            this.reopens = new Reopens(plan.startIntervalNanos() * stride); // this loop's share of the rate
            this.ports = pickedPortRange == null ? null
                    : new PortPicker(wildcard(remote.getAddress()), pickedPortRange, reservedPorts, first, stride);
        }

        void pace() {
            assert loop.inEventLoop();
            pending = null;
            if (halted) {
                return;
            }
            int budget = BATCH;
            long now = System.nanoTime();
            for (long planned; budget > 0 && (planned = firstAttempts.nextDueNanos()) <= now; budget--) {
                if (plan.paced()) {
                    recorder.startLag(now - planned);
                }
                recorder.dialStarted();
                open(firstAttempts.take(), false, planned);
                now = System.nanoTime();
            }
            for (long due; budget > 0 && (due = reopens.nextDueNanos()) <= now; ) {
                long planned = Math.max(due, now);
                int slot = reopens.take(planned);
                if (recorder.reopenStarted()) {
                    open(slot, true, planned);
                    budget--;
                }
                now = System.nanoTime();
            }
            long next = Math.min(firstAttempts.nextDueNanos(), reopens.nextDueNanos());
            if (budget == 0) {
                // More are due: go on after the loop has handled the I/O that is ready (the connects
                // just made complete there), rather than letting a queue of connects build up.
                pendingAt = now;
                pending = loop.schedule(this::pace, 1, TimeUnit.MICROSECONDS);
            } else if (next != Long.MAX_VALUE) {
                pendingAt = next;
                pending = loop.schedule(this::pace, next - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        }

        /**
         * Starts one connect. Its start time is taken last, just before the connect call, so that
         * nothing done before it (the observer included) counts as connect latency; unpaced, the
         * planned start is the actual one.
         */
        private void open(int slot, boolean reopen, long plannedNanos) {
            observer.dialing(slot, reopen);
            long start = System.nanoTime();
            Connection connection = new Connection(Dialer.this, slot, reopen, plan.paced() ? plannedNanos : start,
                    start);
            own.put(connection);
            timeouts.arm(connection, dialTimeoutNanos);
            connect(connection);
        }

        /** Connects {@code c}'s channel (a new one each time): from a source address, a port picked here, or neither. */
        void connect(Connection c) {
            InetSocketAddress local = ports != null ? ports.next()
                    : locals.isEmpty() ? null : locals.get(c.slot % locals.size());
            c.portPicked = ports != null && local != null;
            bootstrap.handler(c); // read once, as the channel is made: this loop's bootstrap, this loop's thread
            ChannelFuture future = local == null ? bootstrap.connect(remote) : bootstrap.connect(remote, local);
            c.channel = future.channel();
            future.addListener(c);
        }

        /** Queues the slots of connections the server closed; on this loop. */
        void reopenClosed() {
            assert loop.inEventLoop();
            for (int i = 0, n = own.count(); i < n; i++) {
                Connection c = own.at(i);
                if (c.closedByPeer) {
                    queueReopen(c);
                }
            }
        }

        /** On this loop: queue the slot once, and make sure the pacer runs for it. */
        void queueReopen(Connection c) {
            assert loop.inEventLoop();
            if (c.reopenQueued || halted) {
                return;
            }
            c.reopenQueued = true;
            reopens.add(c.slot);
            if (pending != null && pendingAt <= reopens.nextDueNanos()) {
                return; // the pacer runs by then anyway
            }
            if (pending != null) {
                pending.cancel(false);
            }
            pace();
        }

        void stop() {
            assert loop.inEventLoop();
            halted = true;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        /** Resolves this loop's connections still dialing as errors for {@code reason}; how many. */
        int cancelOwn(ErrorReason reason) {
            assert loop.inEventLoop();
            int cancelled = 0;
            long now = System.nanoTime();
            for (int i = 0, n = own.count(); i < n; i++) {
                Connection c = own.at(i);
                if (c.cancel()) {
                    cancelled++;
                    recorder.failed(reason, now - c.startNanos, c.reopen);
                    observer.failed(c.slot, reason, now - c.startNanos, null);
                    Channel ch = c.channel;
                    if (ch != null) {
                        ch.close();
                    }
                    c.channel = null; // over: let the channel go
                }
            }
            return cancelled;
        }

        void stopMessages() {
            assert loop.inEventLoop();
            for (int i = 0, n = own.count(); i < n; i++) {
                MessageExchange e = own.at(i).exchange;
                if (e != null) {
                    e.stop();
                }
            }
        }

        void closeOwn() {
            assert loop.inEventLoop();
            for (int i = 0, n = own.count(); i < n; i++) {
                Channel ch = own.at(i).channel;
                if (ch != null && ch.isOpen()) {
                    if (abortive) {
                        ch.config().setOption(ChannelOption.SO_LINGER, 0);
                    }
                    ch.close();
                }
            }
        }
    }

    /**
     * First attempts of one loop's slots ({@code first}, {@code first + stride}, ...), each due at its
     * planned start on the plan's clock. On the pacer's loop.
     */
    private final class FirstAttempts {
        private final int stride;
        private long nextSlot; // long: one stride past the last slot may pass Integer.MAX_VALUE

        FirstAttempts(int first, int stride) {
            this.nextSlot = first;
            this.stride = stride;
        }

        /** When the next first attempt is due ({@link System#nanoTime()}), or {@link Long#MAX_VALUE} when none is left. */
        long nextDueNanos() {
            return nextSlot < plan.connections() ? startNanos + plan.plannedStartNanos(nextSlot) : Long.MAX_VALUE;
        }

        /** The slot of the next first attempt, which is then started. */
        int take() {
            int slot = (int) nextSlot;
            nextSlot += stride;
            return slot;
        }
    }

    /**
     * Slots waiting to be reopened (in the order the server closed them), one every
     * {@code intervalNanos} at most: the loop's share of the plan's pace. On the pacer's loop.
     */
    private static final class Reopens {
        private final long intervalNanos;
        private final Queue<Integer> waiting = new ArrayDeque<>();
        private long nextNanos;

        Reopens(long intervalNanos) {
            this.intervalNanos = intervalNanos;
        }

        void add(int slot) {
            waiting.add(slot);
        }

        /** When the next reopen is due, or {@link Long#MAX_VALUE} when none is waiting. */
        long nextDueNanos() {
            return waiting.isEmpty() ? Long.MAX_VALUE : nextNanos;
        }

        /** The next slot to reopen, started at {@code plannedNanos}; the one after it is due an interval later. */
        int take(long plannedNanos) {
            nextNanos = plannedNanos + intervalNanos;
            return waiting.remove();
        }
    }
}
