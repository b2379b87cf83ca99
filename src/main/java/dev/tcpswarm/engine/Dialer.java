package dev.tcpswarm.engine;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the plan's connections on its schedule with one Netty {@link Bootstrap}. A pacer task on one
 * event loop starts every connection whose planned start time has come (catching up at once when it
 * falls behind, and counting how late), then schedules itself for the next planned start: the load
 * follows the plan, not a loop that sleeps. Exactly {@code plan.connections()} first attempts are
 * made; with reconnect on, slots the server closes are reopened at the plan's pace.
 */
public final class Dialer {
    /** Connects started per pacer run before it yields the event loop to I/O. */
    private static final int BATCH = 64;

    private final LoadPlan plan;
    private final ConnectionTracker tracker;
    private final DialObserver observer;
    private final Bootstrap bootstrap;
    private final EventLoop pacerLoop;
    private final InetSocketAddress remote;
    private final List<InetSocketAddress> locals;
    private final Connection[] slots;
    private final Queue<Integer> reopenQueue = new ConcurrentLinkedQueue<>();

    // Pacer state, touched only on pacerLoop.
    private long startNanos;
    private int nextSlot;
    private long nextReopenNanos;
    private ScheduledFuture<?> pendingPace;
    private long pendingPaceAt;

    private volatile boolean stopped;
    private volatile boolean reconnecting;

    public Dialer(LoadPlan plan, ConnectionTracker tracker, EventLoopGroup group, Transport transport,
            DialObserver observer) {
        this.plan = plan;
        this.tracker = tracker;
        this.observer = observer;
        this.remote = plan.target().address();
        this.pacerLoop = group.next();
        this.slots = new Connection[plan.connections()];
        this.locals = new ArrayList<>();
        for (InetAddress source : plan.sources()) {
            locals.add(new InetSocketAddress(source, 0));
        }
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannelClass())
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, plan.dialTimeoutMillis())
                .handler(ConnectionHandler.INSTANCE);
        if (plan.closeMode() == CloseMode.RST) {
            bootstrap.option(ChannelOption.SO_LINGER, 0);
        }
        if (!locals.isEmpty() && transport.isEpoll()) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    /** Starts the schedule; returns at once. Connection 0 starts now. */
    public void start() {
        pacerLoop.execute(() -> {
            startNanos = System.nanoTime();
            pace();
        });
    }

    /** Reopen, from now on, each connection the server closes (until {@link #stopStarting()}). */
    public void reconnect(boolean on) {
        reconnecting = on;
    }

    /** No connection starts after this returns; those already dialing go on. */
    public void stopStarting() {
        reconnecting = false;
        if (pacerLoop.inEventLoop()) {
            stopNow();
        } else {
            pacerLoop.submit(this::stopNow).syncUninterruptibly();
        }
    }

    private void stopNow() {
        stopped = true;
        if (pendingPace != null) {
            pendingPace.cancel(false);
            pendingPace = null;
        }
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

    /** Stops starting and closes every connection; completes once all are closed. */
    public CompletableFuture<Void> closeAll() {
        stopStarting();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger open = new AtomicInteger(1);
        for (Connection c : slots) {
            Channel ch = c == null ? null : c.channel;
            if (ch != null && ch.isOpen()) {
                open.incrementAndGet();
                ch.close().addListener(f -> {
                    if (open.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                });
            }
        }
        if (open.decrementAndGet() == 0) {
            done.complete(null);
        }
        return done;
    }

    private void pace() {
        pendingPace = null;
        if (stopped) {
            return;
        }
        int budget = BATCH;
        long now = System.nanoTime();
        int total = slots.length;
        while (budget > 0 && nextSlot < total) {
            long planned = startNanos + plan.plannedStartNanos(nextSlot);
            if (planned > now) {
                break;
            }
            if (plan.paced()) {
                tracker.startLag(now - planned);
            } else {
                planned = now; // unpaced: no plan to be late against
            }
            open(nextSlot++, false, planned, now);
            budget--;
            now = System.nanoTime();
        }
        while (budget > 0 && nextReopenNanos <= now && !reopenQueue.isEmpty()) {
            int slot = reopenQueue.poll();
            if (tracker.reopenStarted()) {
                long planned = Math.max(nextReopenNanos, now);
                open(slot, true, planned, now);
                nextReopenNanos = planned + plan.startIntervalNanos();
                budget--;
            }
            now = System.nanoTime();
        }
        long next = Long.MAX_VALUE;
        if (nextSlot < total) {
            next = startNanos + plan.plannedStartNanos(nextSlot);
        }
        if (!reopenQueue.isEmpty()) {
            next = Math.min(next, nextReopenNanos);
        }
        if (budget == 0) {
            pacerLoop.execute(this::pace);
        } else if (next != Long.MAX_VALUE) {
            pendingPaceAt = next;
            pendingPace = pacerLoop.schedule(this::pace, next - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private void open(int slot, boolean reopen, long plannedNanos, long now) {
        if (!reopen) {
            tracker.dialStarted();
        }
        observer.dialing(slot, reopen);
        Connection connection = new Connection(this, slot, reopen, plannedNanos, now);
        slots[slot] = connection;
        ChannelFuture future = locals.isEmpty()
                ? bootstrap.connect(remote)
                : bootstrap.connect(remote, locals.get(slot % locals.size()));
        connection.channel = future.channel();
        future.channel().attr(Connection.KEY).set(connection);
        future.addListener(connection);
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
        if (stopped && !reconnecting && tracker.isFrozen()) {
            return; // our own closing at the end
        }
        long lifetime = now - c.establishedNanos;
        tracker.closedByPeer(lifetime, c.resetByPeer);
        observer.closedByPeer(c.slot, c.resetByPeer, lifetime);
        if (reconnecting && !stopped) {
            reopenQueue.add(c.slot);
            pacerLoop.execute(this::wakeForReopen);
        }
    }

    private void wakeForReopen() {
        if (stopped || (pendingPace != null && pendingPaceAt <= nextReopenNanos)) {
            return;
        }
        if (pendingPace != null) {
            pendingPace.cancel(false);
        }
        pace();
    }
}
