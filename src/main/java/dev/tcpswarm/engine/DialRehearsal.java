package dev.tcpswarm.engine;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Preflight;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dress rehearsal of the dial path, once per process, before the clock of the first run of at
 * least {@value #SMALLEST_RUN} connections starts:
 * a {@link Dialer} with the run's transport, event loops and settings opens
 * {@value #CONNECTIONS} connections to a listener of our own on loopback, then closes them (with
 * RST, so no port is left in TIME_WAIT). The JVM compiles the dial path then instead of during the
 * run, where the first 100-120 ms of a run used to go at a fifth of the rate while the code was
 * interpreted and the compiler took a core (docs/performance.md). The target sees nothing of it.
 * Best effort: if the listener cannot be opened, or a descriptor is missing, the run goes on as
 * it would have.
 *
 * <p>Threads: the run's thread; it waits for the rehearsal to end (a fraction of a second).
 */
final class DialRehearsal {
    /** Connections rehearsed. */
    static final int CONNECTIONS = 1000;
    /** Runs smaller than this are not rehearsed: they end before it would pay. */
    static final int SMALLEST_RUN = 1000;
    private static final long WAIT_MILLIS = 2000;
    /** Time a rehearsal may take before a start time: its connections, the compiler's wait, a collection, and some. */
    static final long START_AT_ROOM_MILLIS = 1500;
    private static final long IDLE_MILLIS = 10;
    private static final long IDLE_WAIT_MILLIS = 300;
    private static final int BLOCK_BYTES = 16 * 1024;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private DialRehearsal() {
    }

    /**
     * Rehearses {@code plan}'s dial path, unless it is small, this process has rehearsed already, or
     * the plan's start time ({@code --start-at}) is less than {@value #START_AT_ROOM_MILLIS} ms away
     * (the rehearsal would make it begin late).
     */
    static void onceFor(LoadPlan plan, EventLoopGroup group, Transport transport) {
        if (!worthIt(plan, Instant.now()) || !roomFor(CONNECTIONS) || !DONE.compareAndSet(false, true)) {
            return;
        }
        rehearse(plan, group, transport);
    }

    /** Whether a rehearsal pays for {@code plan} at {@code now}: a large run, and time for it before its start time. */
    static boolean worthIt(LoadPlan plan, Instant now) {
        return plan.connections() >= SMALLEST_RUN && (plan.startAt() == null
                || Duration.between(now, plan.startAt()).toMillis() >= START_AT_ROOM_MILLIS);
    }

    /**
     * The rehearsal itself: returns how many of its connections were established (0 when it could
     * not be held), every one of them closed, and the listener too, when it returns.
     */
    static long rehearse(LoadPlan plan, EventLoopGroup group, Transport transport) {
        InetAddress loopback = plan.target().address().getAddress() instanceof Inet6Address
                ? NetUtil.LOCALHOST6 : NetUtil.LOCALHOST4;
        Queue<Channel> accepted = new ConcurrentLinkedQueue<>();
        Channel listener;
        try {
            listener = new ServerBootstrap().group(group).channel(transport.serverSocketChannelClass())
                    .option(ChannelOption.SO_BACKLOG, CONNECTIONS)
                    .childHandler(new Held(accepted))
                    .bind(loopback, 0).syncUninterruptibly().channel();
        } catch (RuntimeException noListener) {
            return 0; // no loopback of that family here, or no descriptor left: no rehearsal
        }
        ConnectionTracker tracker = new ConnectionTracker(CONNECTIONS);
        try {
            InetSocketAddress address = (InetSocketAddress) listener.localAddress();
            List<InetAddress> sources = plan.sources().stream().filter(InetAddress::isLoopbackAddress).toList();
            LoadPlan rehearsal = new LoadPlan(new Target(NetUtil.toAddressString(loopback), address.getPort(), address),
                    CONNECTIONS, 0, (int) WAIT_MILLIS, 0, false, 0, CloseMode.RST, sources, plan.threads());
            Dialer dialer = new Dialer(rehearsal, tracker, group, transport, DialObserver.NONE);
            dialer.start();
            try {
                tracker.allResolved().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } finally {
                // also when it was slower than allowed: every connection, dialing or not, reset now,
                // none left to time out (or close late) on the run's loops after its clock started
                dialer.cancelDialing(ErrorReason.TIMEOUT);
                tracker.freeze();
                dialer.closeAll().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
            awaitCompilerIdle();
            collectYoungGeneration();
        } catch (Exception e) {
            // interrupted, or slower than allowed: whatever was compiled is compiled
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            listener.close().awaitUninterruptibly(WAIT_MILLIS);
            for (Channel c; (c = accepted.poll()) != null; ) {
                c.close().awaitUninterruptibly(WAIT_MILLIS); // most are closed already, by our resets
            }
        }
        tracker.freeze();
        return tracker.counts().established();
    }

    /** The listener's side of each rehearsed connection: held until the dialer resets it. */
    @Sharable
    private static final class Held extends ChannelInboundHandlerAdapter {
        private final Queue<Channel> accepted;

        Held(Queue<Channel> accepted) {
            this.accepted = accepted;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.add(ctx.channel());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the dialer's reset, as planned
        }
    }

    /**
     * Waits until the JIT compiler has had nothing to do for {@value #IDLE_MILLIS} ms (at most
     * {@value #IDLE_WAIT_MILLIS} ms): the methods the rehearsal made hot are queued for compilation,
     * and compiled in the background while the queue lasts.
     */
    private static void awaitCompilerIdle() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_WAIT_MILLIS);
        long last = jit.getTotalCompilationTime();
        while (System.nanoTime() < until) {
            Thread.sleep(IDLE_MILLIS);
            long now = jit.getTotalCompilationTime();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    /**
     * Has the collector empty the young generation now, before the clock, rather than during the
     * run's first thousands of connections: what the rehearsal (and the start) left there is garbage,
     * so the collection is short. Java has no call for a young collection alone ({@code System.gc()}
     * is a full one), so this allocates short-lived blocks until a collection has happened (at most
     * the heap's size in all).
     */
    private static void collectYoungGeneration() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        long before = collections(collectors);
        long limit = Runtime.getRuntime().maxMemory();
        byte[] block = null;
        for (long allocated = 0; allocated < limit && collections(collectors) == before; allocated += BLOCK_BYTES) {
            for (int i = 0; i < 64; i++, allocated += BLOCK_BYTES) {
                block = new byte[BLOCK_BYTES];
            }
        }
        if (block != null && block.length != BLOCK_BYTES) {
            throw new IllegalStateException(); // not reached: keeps the allocations from being optimised away
        }
    }

    private static long collections(List<GarbageCollectorMXBean> collectors) {
        long n = 0;
        for (GarbageCollectorMXBean c : collectors) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }

    /** Whether the open-files limit leaves room for a rehearsal (each connection: two descriptors) and the run. */
    private static boolean roomFor(int connections) {
        long limit = Preflight.openFilesLimit();
        int open = DescriptorTable.openNow();
        return limit <= 0 || open < 0 || open + 2L * connections + DescriptorTable.SPARE <= limit / 2;
    }
}
