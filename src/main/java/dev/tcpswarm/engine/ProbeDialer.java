package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Monitor probes on the engine's event loops: look the name up (timed on its own, afresh for every
 * probe, on the {@code resolver} executor because the system's lookup blocks), connect (timed with
 * {@code nanoTime}), then close in order. A failed connect is classified by the run's
 * {@link FailureClassifier}.
 *
 * <p>The close never sends a reset: right after the connect the probe shuts its output down (a FIN,
 * never SO_LINGER 0), keeps reading and discarding whatever the server sends (a banner left unread
 * would turn the close into a reset), and closes when the server answers with its own FIN, so the
 * prober's side ends in TIME_WAIT. A server that resets the connection instead makes the probe
 * {@link ProbeOutcome#RESET}; one that neither closes nor resets within the rest of the timeout (at
 * least {@value #CLOSE_WAIT_MIN_MILLIS} ms, at most {@value #CLOSE_WAIT_MAX_MILLIS} ms) is open.
 *
 * <p>Threads: {@link #probe} from any thread; every attempt runs on the event loop it is given, and
 * the callback is called there, once per probe.
 */
public final class ProbeDialer {
    /** Longest wait for the server's answer to the probe's FIN. */
    public static final long CLOSE_WAIT_MAX_MILLIS = 1000;
    /** Shortest wait for it, even when the connect used up the timeout. */
    public static final long CLOSE_WAIT_MIN_MILLIS = 50;

    private final Bootstrap base;
    private final Transport transport;
    private final Executor resolver;

    /**
     * @param resolver runs the blocking name lookups (names only: an address is used as it is)
     */
    public ProbeDialer(Transport transport, Executor resolver) {
        this.resolver = resolver;
        this.transport = transport;
        this.base = new Bootstrap()
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, false);
    }

    /**
     * Loads and links the channel code on every loop of {@code group} before the first planned probe
     * (registers one channel, connects nowhere, closes it), so the first probes start on time.
     * Best effort.
     */
    public void warmUp(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            ChannelFuture warm = base.clone((EventLoop) executor)
                    .channelFactory(transport.socketChannelFactory(InetAddress.getLoopbackAddress()))
                    .handler(new ChannelInboundHandlerAdapter()).register().awaitUninterruptibly();
            if (warm.isSuccess()) { // with no descriptor left: a placeholder channel, never registered
                warm.channel().close().awaitUninterruptibly();
            }
        }
    }

    /** Starts one probe; {@code done} receives its reading on {@code loop}. */
    public void probe(EventLoop loop, ProbeRequest request, Consumer<ProbeReading> done) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(stripBrackets(request.host()));
        if (literal != null) {
            InetAddress address;
            try {
                address = InetAddress.getByAddress(literal);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // not reached: the length is 4 or 16
            }
            onLoop(loop, () -> connect(loop, request, new InetAddress[] {address}, -1, done));
            return;
        }
        try {
            resolver.execute(() -> lookUp(loop, request, done));
        } catch (RejectedExecutionException shutDown) {
            // the monitor is stopping: no more probes
        }
    }

    private void lookUp(EventLoop loop, ProbeRequest request, Consumer<ProbeReading> done) {
        long t0 = System.nanoTime();
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(request.host());
        } catch (UnknownHostException | SecurityException e) {
            long dns = System.nanoTime() - t0;
            onLoop(loop, () -> done.accept(new ProbeReading(ProbeOutcome.DNS, dns, -1, "", 0,
                    "cannot resolve " + request.host())));
            return;
        }
        long dns = System.nanoTime() - t0;
        onLoop(loop, () -> connect(loop, request, all, dns, done));
    }

    private static void onLoop(EventLoop loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException shutDown) {
                // the monitor is stopping
            }
        }
    }

    private void connect(EventLoop loop, ProbeRequest request, InetAddress[] all, long dnsNanos,
            Consumer<ProbeReading> done) {
        if (request.family() == ProbeFamily.BOTH) {
            InetAddress v4 = first(all, Inet4Address.class);
            InetAddress v6 = first(all, Inet6Address.class);
            if (v4 == null || v6 == null) {
                done.accept(noAddress(request, v4 == null ? "IPv4" : "IPv6", dnsNanos));
                return;
            }
            Both both = new Both(dnsNanos, done);
            new Attempts(loop, request, v4, -1, both::ipv4).next();
            new Attempts(loop, request, v6, -1, both::ipv6).next();
            return;
        }
        InetAddress chosen = switch (request.family()) {
            case IPV4 -> first(all, Inet4Address.class);
            case IPV6 -> first(all, Inet6Address.class);
            default -> all.length > 0 ? all[0] : null;
        };
        if (chosen == null) {
            done.accept(noAddress(request, request.family() == ProbeFamily.IPV6 ? "IPv6" : "IPv4", dnsNanos));
            return;
        }
        new Attempts(loop, request, chosen, dnsNanos, done).next();
    }

    private static ProbeReading noAddress(ProbeRequest request, String family, long dnsNanos) {
        return new ProbeReading(ProbeOutcome.DNS, dnsNanos, -1, "", 0, "no " + family + " address for " + request.host());
    }

    private static InetAddress first(InetAddress[] all, Class<? extends InetAddress> type) {
        for (InetAddress a : all) {
            if (type.isInstance(a)) {
                return a;
            }
        }
        return null;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code ip:port} or {@code [ip]:port}. */
    static String label(InetSocketAddress address) {
        String ip = NetUtil.toAddressString(address.getAddress());
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }

    /** One address's attempts, one after the other until one is open or none are left; on its loop. */
    private final class Attempts {
        final EventLoop loop;
        final ProbeRequest request;
        final InetSocketAddress remote;
        final long dnsNanos;
        final Consumer<ProbeReading> done;
        int made;

        Attempts(EventLoop loop, ProbeRequest request, InetAddress address, long dnsNanos,
                Consumer<ProbeReading> done) {
            this.loop = loop;
            this.request = request;
            this.remote = new InetSocketAddress(address, request.port());
            this.dnsNanos = dnsNanos;
            this.done = done;
        }

        void next() {
            assert loop.inEventLoop();
            made++;
            Attempt attempt = new Attempt(this);
            Bootstrap bootstrap = base.clone(loop)
                    .channelFactory(transport.socketChannelFactory(remote.getAddress()))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, request.timeoutMillis()))
                    .handler(attempt);
            attempt.startNanos = System.nanoTime();
            ChannelFuture future = bootstrap.connect(remote);
            attempt.channel = future.channel();
            future.addListener(attempt);
        }

        void ended(ProbeOutcome outcome, long connectNanos, String detail) {
            assert loop.inEventLoop();
            if (!outcome.isOpen() && made < request.attempts()) {
                next();
                return;
            }
            done.accept(new ProbeReading(outcome, dnsNanos, connectNanos, label(remote), made, detail));
        }
    }

    /**
     * One connect and its orderly close; the channel's only handler. Touched on the attempt's loop
     * only (a connect that fails while the channel is created completes elsewhere and hops back).
     */
    private static final class Attempt extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
        final Attempts attempts;
        Channel channel;
        long startNanos;
        long connectNanos = -1;
        boolean finished;
        ScheduledFuture<?> closeWait;

        Attempt(Attempts attempts) {
            this.attempts = attempts;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            if (!attempts.loop.inEventLoop()) {
                onLoop(attempts.loop, () -> operationComplete(future));
                return;
            }
            if (!future.isSuccess()) {
                ErrorReason reason = FailureClassifier.classify(future.cause());
                finish(ProbeOutcome.of(reason), SystemMessages.reason(future.cause()));
                return;
            }
            connectNanos = System.nanoTime() - startNanos;
            long leftMillis = attempts.request.timeoutMillis() - TimeUnit.NANOSECONDS.toMillis(connectNanos);
            long waitMillis = Math.max(CLOSE_WAIT_MIN_MILLIS, Math.min(CLOSE_WAIT_MAX_MILLIS, leftMillis));
            closeWait = attempts.loop.schedule(() -> finish(ProbeOutcome.OPEN, ""), waitMillis, TimeUnit.MILLISECONDS);
            shutdownOutput(future.channel()); // the FIN: the probe never writes
        }

        /**
         * Sends the probe's FIN. On epoll and io_uring the socket is shut down for writing directly:
         * Netty's {@link DuplexChannel#shutdownOutput()} builds an exception with a stack trace on
         * every call (to fail the writes still pending, of which a probe has none). Elsewhere, or if
         * that fails, through Netty.
         */
        private static void shutdownOutput(Channel ch) {
            if (ch instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
                try {
                    socket.shutdown(false, true);
                    return;
                } catch (IOException e) {
                    // not connected any more (the server reset it): Netty's way sees to it
                }
            }
            if (ch instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // drained, so that the close stays a FIN
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ErrorReason reason = FailureClassifier.classify(cause);
            finish(reason == ErrorReason.RESET ? ProbeOutcome.RESET : ProbeOutcome.OTHER, SystemMessages.reason(cause));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (connectNanos >= 0) {
                finish(ProbeOutcome.OPEN, ""); // the server answered our FIN (or closed first)
            }
        }

        void finish(ProbeOutcome outcome, String detail) {
            assert attempts.loop.inEventLoop();
            if (finished) {
                return;
            }
            finished = true;
            if (closeWait != null) {
                closeWait.cancel(false);
            }
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
            attempts.ended(outcome, outcome.isOpen() ? connectNanos : -1, detail);
        }
    }

    /** Combines the IPv4 and IPv6 readings of a {@code both} probe; on the probe's loop. */
    private static final class Both {
        final long dnsNanos;
        final Consumer<ProbeReading> done;
        ProbeReading v4;
        ProbeReading v6;

        Both(long dnsNanos, Consumer<ProbeReading> done) {
            this.dnsNanos = dnsNanos;
            this.done = done;
        }

        void ipv4(ProbeReading reading) {
            v4 = reading;
            maybeDone();
        }

        void ipv6(ProbeReading reading) {
            v6 = reading;
            maybeDone();
        }

        private void maybeDone() {
            if (v4 == null || v6 == null) {
                return;
            }
            ProbeReading failed = !v4.outcome().isOpen() ? v4 : !v6.outcome().isOpen() ? v6 : null;
            String address = v4.address() + " and " + v6.address();
            int made = v4.attempts() + v6.attempts();
            if (failed == null) {
                done.accept(new ProbeReading(ProbeOutcome.OPEN, dnsNanos, Math.max(v4.connectNanos(), v6.connectNanos()),
                        address, made, ""));
            } else {
                String family = failed == v4 ? "IPv4" : "IPv6";
                done.accept(new ProbeReading(failed.outcome(), dnsNanos, -1, address, made,
                        family + " " + failed.address() + ": " + failed.detail()));
            }
        }
    }
}
