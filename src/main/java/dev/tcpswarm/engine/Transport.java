package dev.tcpswarm.engine;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one place that picks Netty's transport: native epoll where it loads (Linux), NIO elsewhere.
 * The dialer and the built-in server both take their event loops and channel classes from here, so
 * the two never disagree about which transport is in use.
 */
public final class Transport {
    private static final Transport EPOLL = new Transport(true);
    private static final Transport NIO = new Transport(false);

    private final boolean epoll;

    private Transport(boolean epoll) {
        this.epoll = epoll;
    }

    /** Epoll when the native library is available, NIO otherwise. */
    public static Transport detect() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** NIO, whatever the platform offers. */
    public static Transport nio() {
        return NIO;
    }

    /** {@code epoll} or {@code nio}. */
    public String name() {
        return epoll ? "epoll" : "nio";
    }

    public boolean isEpoll() {
        return epoll;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends SocketChannel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverSocketChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * A group of {@code threads} event loops on daemon threads named {@code threadNamePrefix-...},
     * so a forgotten group never keeps the JVM alive.
     */
    public EventLoopGroup newEventLoopGroup(int threads, String threadNamePrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1: " + threads);
        }
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix, true),
                ioHandlerFactory());
    }

    @Override
    public String toString() {
        return name();
    }
}
