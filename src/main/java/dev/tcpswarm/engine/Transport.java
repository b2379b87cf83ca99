package dev.tcpswarm.engine;

import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
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
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one place that knows Netty's transports: native epoll and io_uring on Linux, NIO anywhere. It
 * picks one ({@link #choose}), and the dialer and the built-in server take their event loops, channels
 * and transport-specific socket options from it, so the two never disagree about which is in use.
 * Immutable; any thread.
 */
public final class Transport {
    /** The transports, in the order {@code auto} prefers them. */
    public enum Kind {
        EPOLL("epoll"),
        IO_URING("io_uring"),
        NIO("nio");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** How {@code --transport} spells it. */
        public String label() {
            return label;
        }
    }

    /** What {@code --transport} accepts. */
    public static final List<String> CHOICES = List.of("auto", "epoll", "io_uring", "nio");

    /**
     * Linux's IP_BIND_ADDRESS_NO_PORT (IPPROTO_IP 0, option 24): a socket bound to a source address
     * gets its port at connect time, shared across destinations, instead of reserving one at bind.
     * Netty passes such a raw option through on both native transports.
     */
    private static final ChannelOption<Integer> BIND_ADDRESS_NO_PORT =
            new IntegerUnixChannelOption("IP_BIND_ADDRESS_NO_PORT", 0, 24);

    private static final Transport EPOLL = new Transport(Kind.EPOLL);
    private static final Transport IO_URING = new Transport(Kind.IO_URING);
    private static final Transport NIO = new Transport(Kind.NIO);

    private final Kind kind;

    private Transport(Kind kind) {
        this.kind = kind;
    }

    /**
     * The transport chosen for a {@code --transport} value, and the one line to print on stderr when
     * the one asked for is not available here and another stands in (null when there is none).
     */
    public record Choice(Transport transport, String fallbackNote) {
    }

    /**
     * Picks the transport for {@code requested}: {@code auto} takes the best one available here
     * (epoll, then io_uring, then NIO; see docs/performance.md for why epoll comes first), silently;
     * a named one is used when available, and otherwise the best available stands in, with a note.
     *
     * @throws IllegalArgumentException for a name not in {@link #CHOICES}
     */
    public static Choice choose(String requested) {
        return choose(requested, Transport::unavailabilityCause);
    }

    /** {@link #choose(String)} over a given availability: {@code refusal} says why a kind cannot load, or null. */
    static Choice choose(String requested, Function<Kind, Throwable> refusal) {
        String name = requested.toLowerCase(Locale.ROOT);
        if (name.equals("auto")) {
            return new Choice(best(refusal), null);
        }
        for (Kind kind : Kind.values()) {
            if (kind.label().equals(name)) {
                Throwable cause = refusal.apply(kind);
                if (cause == null) {
                    return new Choice(of(kind), null);
                }
                Transport standIn = best(refusal);
                return new Choice(standIn, kind.label() + " is not available here (" + reason(cause) + "): using "
                        + standIn.name() + " instead");
            }
        }
        throw new IllegalArgumentException("'" + requested + "' is not a transport: use one of "
                + String.join(", ", CHOICES));
    }

    private static Transport best(Function<Kind, Throwable> refusal) {
        for (Kind kind : Kind.values()) {
            if (refusal.apply(kind) == null) {
                return of(kind);
            }
        }
        return NIO;
    }

    /** Why {@code kind} cannot be used here, or null when it can. */
    static Throwable unavailabilityCause(Kind kind) {
        switch (kind) {
            case EPOLL:
                return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            case IO_URING:
                return IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
            default:
                return null;
        }
    }

    /** The transports that load here, best first. */
    public static List<Transport> available() {
        List<Transport> list = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (unavailabilityCause(kind) == null) {
                list.add(of(kind));
            }
        }
        return list;
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }

    static Transport of(Kind kind) {
        switch (kind) {
            case EPOLL:
                return EPOLL;
            case IO_URING:
                return IO_URING;
            default:
                return NIO;
        }
    }

    /** What {@code auto} picks here. */
    public static Transport detect() {
        return choose("auto").transport();
    }

    /** NIO, whatever the platform offers. */
    public static Transport nio() {
        return NIO;
    }

    /** {@code epoll}, {@code io_uring} or {@code nio}. */
    public String name() {
        return kind.label();
    }

    public Kind kind() {
        return kind;
    }

    public boolean isEpoll() {
        return kind == Kind.EPOLL;
    }

    /**
     * Whether a socket bound to a source address can leave its port to connect time
     * (IP_BIND_ADDRESS_NO_PORT): true on the native transports. Without it, each source-bound
     * connection reserves a port of its own, whatever the destination.
     */
    public boolean bindsSourceWithoutPort() {
        return kind != Kind.NIO;
    }

    /**
     * Whether a connection that is not reading still learns that the peer closed or reset it: the
     * native transports watch for that apart from reading (EPOLLRDHUP, POLLRDHUP); NIO only
     * learns it by reading.
     */
    public boolean seesPeerCloseWithoutReading() {
        return kind != Kind.NIO;
    }

    /** The option for {@link #bindsSourceWithoutPort()}, for a bootstrap; null on NIO. */
    public ChannelOption<Integer> bindSourceWithoutPortOption() {
        return bindsSourceWithoutPort() ? BIND_ADDRESS_NO_PORT : null;
    }

    public IoHandlerFactory ioHandlerFactory() {
        switch (kind) {
            case EPOLL:
                return EpollIoHandler.newFactory();
            case IO_URING:
                return IoUringIoHandler.newFactory();
            default:
                return NioIoHandler.newFactory();
        }
    }

    /**
     * Client channels for connections to {@code remote}: a socket of the target's own address family
     * where the transport lets us choose (epoll, NIO), so an IPv4 connection does not go through a
     * dual-stack IPv6 socket (and the system call that makes it dual-stack).
     */
    public ChannelFactory<SocketChannel> socketChannelFactory(InetAddress remote) {
        SocketProtocolFamily family = remote instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        switch (kind) {
            case EPOLL:
                return () -> new EpollSocketChannel(family);
            case IO_URING:
                return IoUringSocketChannel::new;
            default:
                SelectorProvider provider = SelectorProvider.provider();
                return () -> new NioSocketChannel(provider, family);
        }
    }

    public Class<? extends ServerSocketChannel> serverSocketChannelClass() {
        switch (kind) {
            case EPOLL:
                return EpollServerSocketChannel.class;
            case IO_URING:
                return IoUringServerSocketChannel.class;
            default:
                return NioServerSocketChannel.class;
        }
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
