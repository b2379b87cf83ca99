package dev.tcpswarm.server;

import dev.tcpswarm.engine.EventLoops;
import dev.tcpswarm.engine.SystemMessages;
import dev.tcpswarm.engine.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small TCP server that answers every connection the way its {@link ServerMode} says. It is the
 * demo's target and the tests' workhorse: it holds tens of thousands of idle connections on little
 * memory, and its {@code maxConnections} limit is exact (never more held at once; exactly that many
 * when that many clients connect and stay), so {@code ramp} can find it.
 */
public final class BuiltInServer implements AutoCloseable {
    /** Listen backlog for every mode but STALL. */
    public static final int BACKLOG = 4096;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Transport transport;
    private final ServerMode mode;
    private final int maxConnections;
    private final EventLoopGroup group;
    private final InetSocketAddress localAddress;
    private final Counters counters;
    private boolean closed;

    private BuiltInServer(Transport transport, ServerMode mode, int maxConnections, EventLoopGroup group,
            Channel serverChannel, Counters counters) {
        this.transport = transport;
        this.mode = mode;
        this.maxConnections = maxConnections;
        this.group = group;
        this.localAddress = (InetSocketAddress) serverChannel.localAddress();
        this.counters = counters;
    }

    /**
     * Starts a server on the detected transport (epoll, else NIO).
     *
     * @param bind the address to listen on
     * @param port the port, or 0 for a free one
     * @param maxConnections how many connections to hold at once, 0 for no limit; each one accepted
     *     beyond that is reset at once
     * @param threads event-loop threads
     * @throws IOException when the address cannot be bound; the message is the system's reason, e.g.
     *     {@code Address already in use}
     */
    public static BuiltInServer start(InetAddress bind, int port, ServerMode mode, int maxConnections, int threads)
            throws IOException {
        return start(Transport.detect(), bind, port, mode, maxConnections, threads);
    }

    /** As {@link #start(InetAddress, int, ServerMode, int, int)}, on the given transport. */
    public static BuiltInServer start(Transport transport, InetAddress bind, int port, ServerMode mode,
            int maxConnections, int threads) throws IOException {
        return start(transport, bind, port, mode, maxConnections, threads, null);
    }

    /**
     * As above, speaking TLS when {@code tls} is given: each accepted connection does the handshake
     * first, and its mode (close, reset) acts once the handshake is done.
     */
    public static BuiltInServer start(Transport transport, InetAddress bind, int port, ServerMode mode,
            int maxConnections, int threads, ServerTls tls) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections < 0: " + maxConnections);
        }
        Counters counters = new Counters(maxConnections);
        EventLoopGroup group = transport.newEventLoopGroup(threads, "tcpswarm-server");
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(tls == null ? new ConnectionHandler(mode, counters, false)
                        : new ChannelInitializer<Channel>() {
                            private final ConnectionHandler handler = new ConnectionHandler(mode, counters, true);

                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(tls.context().newHandler(ch.alloc()), handler);
                            }
                        });
        if (mode == ServerMode.STALL) {
            // Never call accept(): the kernel's accept queue fills, then it drops further SYNs.
            bootstrap.option(ChannelOption.SO_BACKLOG, 1).option(ChannelOption.AUTO_READ, false);
        } else {
            bootstrap.option(ChannelOption.SO_BACKLOG, BACKLOG);
        }
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(bind, port));
        boolean done = bound.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        if (!done || !bound.isSuccess()) {
            bound.channel().close();
            shutdown(group);
            if (!done) {
                throw new IOException("timed out binding");
            }
            throw new IOException(systemReason(bound.cause()), bound.cause());
        }
        return new BuiltInServer(transport, mode, maxConnections, group, bound.channel(), counters);
    }

    /**
     * The system's reason without the call that failed: epoll says
     * {@code bind(..) failed with error(-98): Address already in use}, NIO just
     * {@code Address already in use}.
     */
    static String systemReason(Throwable cause) {
        return SystemMessages.reason(cause);
    }

    private static void shutdown(EventLoopGroup group) {
        EventLoops.shutDown(group, CLOSE_WAIT_SECONDS);
    }

    public int port() {
        return localAddress.getPort();
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public ServerMode mode() {
        return mode;
    }

    /** The configured limit, 0 for none. */
    public int maxConnections() {
        return maxConnections;
    }

    public Transport transport() {
        return transport;
    }

    /** Connections accepted so far, the rejected ones included. */
    public long accepted() {
        return counters.snapshot().accepted();
    }

    /** Connections open now. */
    public long openNow() {
        return counters.snapshot().openNow();
    }

    /** The most connections open at once so far. */
    public long peakOpen() {
        return counters.snapshot().peakOpen();
    }

    /** Connections reset on arrival because {@code maxConnections} were already open. */
    public long rejected() {
        return counters.snapshot().rejected();
    }

    /** All four counters at one moment. */
    public ServerCounts counts() {
        return counters.snapshot();
    }

    /** Bytes the echo mode has read and sent back so far (0 in the other modes). */
    public long echoedBytes() {
        return counters.echoed.sum();
    }

    /**
     * The status line {@code serve} and the demo print: {@link ServerCounts#statusLine()}, and in
     * echo mode the bytes echoed, e.g. {@code accepted: 2, open: 2, peak: 2, rejected: 0, echoed: 640 bytes}.
     */
    public String statusLine() {
        String counts = counts().statusLine();
        return mode == ServerMode.ECHO ? counts + ", echoed: " + echoedBytes() + " bytes" : counts;
    }

    /**
     * Echo mode stops reading (and so answering) on every connection, the ones accepted meanwhile
     * included, until {@link #resumeEcho()}: what clients send waits in the kernel's buffers, as
     * with a server that hangs. For tests of missing and late answers.
     */
    public void pauseEcho() {
        counters.echoPaused = true;
        for (Channel ch : counters.children) {
            ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
        }
    }

    /** Echo mode reads and answers again, starting with what waited. */
    public void resumeEcho() {
        counters.echoPaused = false;
        for (Channel ch : counters.children) {
            ch.eventLoop().execute(() -> {
                if (!counters.echoPaused && ch.isWritable()) {
                    ch.config().setAutoRead(true);
                }
            });
        }
    }

    /** Stops listening and closes every connection, without a quiet period. Safe to call twice. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Shutting the group down closes the listener and every connection. Closing the listener
        // first is a trap in Netty 4.2.18: when its deregistration is still pending as the loop
        // shuts down, that loop ends without closing its connections, and their sockets leak.
        shutdown(group);
    }

    /** Aborts {@code channel}: SO_LINGER 0 makes the close send a reset instead of a FIN. */
    static void reset(Channel channel) {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    /**
     * The server's counters, under one lock so that admission against the limit is exact and a
     * snapshot always adds up. They change once per accept and once per close, so the lock is cheap.
     */
    static final class Counters {
        private final int maxConnections;
        private long accepted;
        private long openNow;
        private long peakOpen;
        private long rejected;
        /** Bytes echoed; apart from the lock (added once per read). */
        final LongAdder echoed = new LongAdder();
        /** The echo mode's connections, for a pause; and whether it is paused. */
        final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        volatile boolean echoPaused;

        Counters(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** Counts an accepted connection; true when it may stay, false when it must be reset. */
        synchronized boolean admit() {
            accepted++;
            if (maxConnections > 0 && openNow >= maxConnections) {
                rejected++;
                return false;
            }
            openNow++;
            if (openNow > peakOpen) {
                peakOpen = openNow;
            }
            return true;
        }

        /** An admitted connection closed. */
        synchronized void closed() {
            openNow--;
        }

        synchronized ServerCounts snapshot() {
            return new ServerCounts(accepted, openNow, peakOpen, rejected);
        }
    }

    /**
     * The one handler every accepted connection shares: admission against the limit, then the
     * mode's behaviour. It keeps no per-connection state; ECHO's back-pressure lives in the
     * channel's own auto-read flag.
     */
    @Sharable
    static final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private final ServerMode mode;
        private final Counters counters;

        private final boolean tls;

        ConnectionHandler(ServerMode mode, Counters counters, boolean tls) {
            this.mode = mode;
            this.counters = counters;
            this.tls = tls;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (tls && evt instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    ctx.close(); // the client gave up or refused our certificate
                } else {
                    act(ctx);
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!counters.admit()) {
                // Not admitted, so not counted open: leave the pipeline before the close, so that
                // channelInactive does not reach this handler.
                ctx.pipeline().remove(this);
                reset(ctx.channel());
                return;
            }
            if (mode == ServerMode.ECHO) {
                counters.children.add(ctx.channel()); // leaves the group by itself when it closes
                if (counters.echoPaused) {
                    ctx.channel().config().setAutoRead(false);
                }
            }
            if (!tls) {
                act(ctx);
            }
        }

        /** What the mode does with an admitted connection: at accept, or with TLS after the handshake. */
        private void act(ChannelHandlerContext ctx) {
            switch (mode) {
                case CLOSE:
                    ctx.close();
                    break;
                case RESET:
                    reset(ctx.channel());
                    break;
                default:
                    break;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            counters.closed();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (mode != ServerMode.ECHO) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof ByteBuf in) {
                counters.echoed.add(in.readableBytes());
            }
            ctx.write(msg, ctx.voidPromise());
            if (!ctx.channel().isWritable()) {
                // The peer is not reading what we send back: stop reading until it catches up.
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (mode == ServerMode.ECHO) {
                ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (mode == ServerMode.ECHO && ctx.channel().isWritable() && !counters.echoPaused) {
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset by the peer or a failed write: the connection is over, nothing to report.
            ctx.close();
        }
    }
}
