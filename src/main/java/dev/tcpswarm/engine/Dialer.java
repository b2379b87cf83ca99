package dev.tcpswarm.engine;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the plan's connections on its schedule. One {@link Bootstrap} is configured; each event loop
 * gets its own clone and a pacer for its share of the slots (slot {@code i} belongs to loop
 * {@code i % loops}), so a connection is created, registered and connected on one thread with no
 * hand-off. A pacer starts every slot whose planned time has come (catching up at once when it fell
 * behind, and recording how late), then schedules itself for the next planned start: the load
 * follows the plan, not a loop that sleeps. Exactly {@code plan.connections()} first attempts are
 * made; with reconnect on, slots the server closes are reopened at the plan's pace.
 */
public final class Dialer {
    /** Connects a pacer starts in one go before it yields its event loop to I/O. */
    private static final int BATCH = 32;

    private final LoadPlan plan;
    private final ConnectionTracker tracker;
    private final DialObserver observer;
    private final InetSocketAddress remote;
    private final List<InetSocketAddress> locals = new ArrayList<>();
    private final Connection[] slots;
    private final List<Pacer> pacers = new ArrayList<>();
    private final boolean abortive;
    private volatile long startNanos;
    private volatile boolean stopped;
    private volatile boolean reconnecting;

    public Dialer(LoadPlan plan, ConnectionTracker tracker, EventLoopGroup group, Transport transport,
            DialObserver observer) {
        this.plan = plan;
        this.tracker = tracker;
        this.observer = observer;
        this.remote = withHostString(plan.target().address());
        this.slots = new Connection[plan.connections()];
        this.abortive = plan.closeMode() == CloseMode.RST;
        for (InetAddress source : plan.sources()) {
            locals.add(new InetSocketAddress(source, 0));
        }
        DescriptorTable.reserve(plan.connections()); // before the clock: no stall on the way up
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(configuredChannels(transport))
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .handler(ConnectionHandler.INSTANCE);
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

    /**
     * New client channels, configured as they are made. The options are set here rather than as
     * bootstrap options, which Netty copies into a fresh map for every connect (about 250 bytes of
     * garbage per connection).
     */
    private ChannelFactory<SocketChannel> configuredChannels(Transport transport) {
        ChannelFactory<SocketChannel> channels = transport.socketChannelFactory(remote.getAddress());
        int dialTimeoutMillis = plan.dialTimeoutMillis();
        // Nothing here uses what a server sends, and a reset close needs no empty receive queue: no
        // read interest (one epoll_ctl less per connection). The peer's FIN or RST is still seen
        // (EPOLLRDHUP, EPOLLERR), and Netty then reads to the end and closes.
        boolean noReadInterest = abortive && transport.seesPeerCloseWithoutReading();
        ChannelOption<Integer> portAtConnect = locals.isEmpty() ? null : transport.bindSourceWithoutPortOption();
        return () -> {
            SocketChannel channel = channels.newChannel();
            SocketChannelConfig config = channel.config();
            config.setConnectTimeoutMillis(dialTimeoutMillis);
            if (noReadInterest) {
                config.setAutoRead(false);
            }
            if (portAtConnect != null) {
                config.setOption(portAtConnect, 1);
            }
            return channel;
        };
    }

    /** Starts the schedule; returns at once. Connection 0 is planned for now. */
    public void start() {
        warmUp();
        startClock(System.nanoTime());
    }

    /** Before the clock starts: see {@link #start()}. Returns once every loop is warm. */
    public void warmUp() {
        for (Pacer p : pacers) {
            // Threads up and the channel code loaded before the clock starts: register (no
            // connect, so no traffic) and close one channel on each loop. Best effort: with no file
            // descriptor left it fails (a failed future holding a placeholder channel, which was
            // never registered and needs no close), and the connections then fail for that reason,
            // as they should.
            ChannelFuture warm = p.bootstrap.register().awaitUninterruptibly();
            if (warm.isSuccess()) {
                warm.channel().close().awaitUninterruptibly();
            }
        }
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

    /** Resolves every connection still dialing as an error for {@code reason}, and closes it. */
    public int cancelDialing(ErrorReason reason) {
        stopStarting();
        int cancelled = 0;
        long now = System.nanoTime();
        for (Connection c : slots) {
            if (c != null && c.cancel()) {
                cancelled++;
                tracker.failed(reason, now - c.startNanos, c.reopen);
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

    /** How many slots have a connection dialing now. */
    public int dialingNow() {
        int n = 0;
        for (Connection c : slots) {
            if (c != null && c.isDialing()) {
                n++;
            }
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

    void onEstablished(Connection c, long now) {
        tracker.established(now - c.startNanos, now - c.plannedNanos);
        observer.established(c.slot, now - c.startNanos);
    }

    void onFailed(Connection c, Throwable cause, long now) {
        ErrorReason reason = FailureClassifier.classify(cause);
        tracker.failed(reason, now - c.startNanos, c.reopen);
        observer.failed(c.slot, reason, now - c.startNanos, cause);
    }

    void onClosed(Connection c, long now) {
        if (tracker.isFrozen()) {
            return; // our own closing at the end
        }
        c.closedByPeer = true;
        long lifetime = now - c.establishedNanos;
        tracker.closedByPeer(lifetime, c.resetByPeer);
        observer.closedByPeer(c.slot, c.resetByPeer, lifetime);
        if (reconnecting && !stopped) {
            pacers.get(c.slot % pacers.size()).queueReopen(c); // we are on that pacer's loop
        }
    }

    /** Starts the slots of one event loop on schedule; all its state is touched on that loop only. */
    private final class Pacer {
        final Bootstrap bootstrap;
        final EventLoop loop;
        final int first;
        final int stride;
        final Queue<Integer> reopenQueue = new ArrayDeque<>();
        int nextSlot;
        long nextReopenNanos;
        ScheduledFuture<?> pending;
        long pendingAt;
        boolean halted;

        Pacer(Bootstrap bootstrap, EventLoop loop, int first, int stride) {
            this.bootstrap = bootstrap;
            this.loop = loop;
            this.first = first;
            this.stride = stride;
            this.nextSlot = first;
        }

        void pace() {
            pending = null;
            if (halted) {
                return;
            }
            int budget = BATCH;
            long now = System.nanoTime();
            while (budget > 0 && nextSlot < slots.length) {
                long planned = startNanos + plan.plannedStartNanos(nextSlot);
                if (planned > now) {
                    break;
                }
                if (plan.paced()) {
                    tracker.startLag(now - planned);
                }
                tracker.dialStarted();
                open(nextSlot, false, planned);
                nextSlot += stride;
                budget--;
                now = System.nanoTime();
            }
            while (budget > 0 && nextReopenNanos <= now && !reopenQueue.isEmpty()) {
                int slot = reopenQueue.poll();
                if (tracker.reopenStarted()) {
                    long planned = Math.max(nextReopenNanos, now);
                    open(slot, true, planned);
                    // each loop reopens at its share of the plan's rate
                    nextReopenNanos = planned + plan.startIntervalNanos() * stride;
                    budget--;
                }
                now = System.nanoTime();
            }
            long next = Long.MAX_VALUE;
            if (nextSlot < slots.length) {
                next = startNanos + plan.plannedStartNanos(nextSlot);
            }
            if (!reopenQueue.isEmpty()) {
                next = Math.min(next, nextReopenNanos);
            }
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
            slots[slot] = connection;
            ChannelFuture future = locals.isEmpty()
                    ? bootstrap.connect(remote)
                    : bootstrap.connect(remote, locals.get(slot % locals.size()));
            connection.channel = future.channel();
            future.channel().attr(Connection.KEY).set(connection);
            future.addListener(connection);
        }

        /** Queues the slots of connections the server closed; on this loop. */
        void reopenClosed() {
            for (int i = first; i < slots.length; i += stride) {
                Connection c = slots[i];
                if (c != null && c.closedByPeer) {
                    queueReopen(c);
                }
            }
        }

        /** On this loop: queue the slot once, and make sure the pacer runs for it. */
        void queueReopen(Connection c) {
            if (c.reopenQueued || halted) {
                return;
            }
            c.reopenQueued = true;
            reopenQueue.add(c.slot);
            wakeForReopen();
        }

        void wakeForReopen() {
            if (halted || (pending != null && pendingAt <= nextReopenNanos)) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            pace();
        }

        void stop() {
            halted = true;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        void closeOwn() {
            for (int i = first; i < slots.length; i += stride) {
                Connection c = slots[i];
                Channel ch = c == null ? null : c.channel;
                if (ch != null && ch.isOpen()) {
                    if (abortive) {
                        ch.config().setOption(ChannelOption.SO_LINGER, 0);
                    }
                    ch.close();
                }
            }
        }
    }
}
