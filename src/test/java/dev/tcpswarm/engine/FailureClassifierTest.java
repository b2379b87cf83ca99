package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.stats.ErrorReason;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failure reasons, from a table of what the epoll and NIO transports really report: each row is
 * an exception chain as Netty 4.2 delivered it on this machine (the outermost exception first, its
 * type and message, then its causes), captured with {@code --debug} and a small dialer against a
 * closed port, a stalled listener, a resetting server, a namespace with its loopback down or with a
 * ten-port ephemeral range, a namespace without IPv6, and {@code ulimit -n}. The outer
 * {@code AnnotatedConnectException} and {@code AnnotatedSocketException} are Netty's private
 * subclasses of {@link ConnectException} and {@link SocketException}, and {@code NativeIoException}
 * an {@link IOException} whose message needs the native library: they are built here as their
 * public parents, with the same messages.
 */
class FailureClassifierTest {
    record Row(String transport, String what, Throwable failure, ErrorReason expected) {
        @Override
        public String toString() {
            return transport + ": " + what + " -> " + expected.key();
        }
    }

    /** {@code outer}, caused by {@code cause}, as Netty chains them. */
    private static <T extends Throwable> T causedBy(T outer, Throwable cause) {
        outer.initCause(cause);
        return outer;
    }

    /** {@code e} with the stack it had, innermost frame first: class.method names. */
    private static <T extends Throwable> T thrownBy(T e, String... frames) {
        e.setStackTrace(Stream.of(frames).map(f -> new StackTraceElement(f.substring(0, f.lastIndexOf('.')),
                f.substring(f.lastIndexOf('.') + 1), null, -1)).toArray(StackTraceElement[]::new));
        return e;
    }

    static Stream<Row> table() {
        return Stream.of(
                new Row("epoll", "closed port", causedBy(
                        new ConnectException("finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:9"),
                        new ConnectException("finishConnect(..) failed with error(-111): Connection refused")),
                        ErrorReason.REFUSED),
                new Row("nio", "closed port", causedBy(new ConnectException("Connection refused: /127.0.0.1:9"),
                        new ConnectException("Connection refused")), ErrorReason.REFUSED),

                new Row("epoll", "stalled listener", new ConnectTimeoutException(
                        "connection timed out after 300 ms: /127.0.0.1:36621"), ErrorReason.TIMEOUT),
                new Row("nio", "stalled listener", new ConnectTimeoutException(
                        "connection timed out after 300 ms: /127.0.0.1:36621"), ErrorReason.TIMEOUT),

                new Row("epoll", "reset while the connect completes", causedBy(new ConnectException(
                        "finishConnect(..) failed with error(-104): Connection reset by peer: /127.0.0.1:34771"),
                        new ConnectException("finishConnect(..) failed with error(-104): Connection reset by peer")),
                        ErrorReason.RESET),
                new Row("nio", "reset while the connect completes", causedBy(
                        new SocketException("Connection reset by peer: /127.0.0.1:34771"),
                        new SocketException("Connection reset by peer")), ErrorReason.RESET),

                new Row("epoll", "loopback down", causedBy(new NoRouteToHostException(null),
                        new NoRouteToHostException(null)), ErrorReason.UNREACHABLE),
                new Row("nio", "loopback down", causedBy(new SocketException("Network is unreachable: /127.0.0.1:80"),
                        new SocketException("Network is unreachable")), ErrorReason.UNREACHABLE),
                new Row("epoll", "no IPv6 in the namespace", causedBy(new ConnectException(
                        "connect(..) failed with error(-97): Address family not supported by protocol: /[::1]:80"),
                        new ConnectException("connect(..) failed with error(-97): Address family not supported by "
                                + "protocol")), ErrorReason.UNREACHABLE),
                new Row("nio", "no IPv6 in the namespace", new UnsupportedAddressTypeException(),
                        ErrorReason.UNREACHABLE),
                new Row("nio", "IPv6 target, IPv4 source", causedBy(new SocketException(
                        "Address family not supported by protocol: /[::1]:9000"),
                        new SocketException("Address family not supported by protocol")), ErrorReason.UNREACHABLE),

                new Row("epoll", "ten-port range used up", causedBy(new ConnectException(
                        "connect(..) failed with error(-99): Cannot assign requested address: /127.0.0.1:9000"),
                        new ConnectException("connect(..) failed with error(-99): Cannot assign requested address")),
                        ErrorReason.PORTS_EXHAUSTED),
                new Row("nio", "ten-port range used up", causedBy(
                        new SocketException("Cannot assign requested address: /127.0.0.1:9000"),
                        thrownBy(new BindException("Cannot assign requested address"), "sun.nio.ch.Net.connect",
                                "sun.nio.ch.SocketChannelImpl.connect", "io.netty.util.internal.SocketUtils.connect")),
                        ErrorReason.PORTS_EXHAUSTED),

                new Row("epoll", "source address not on this host", new IOException(
                        "bind(..) failed with error(-99): Cannot assign requested address"), ErrorReason.SOURCE_NOT_LOCAL),
                new Row("nio", "source address not on this host", causedBy(
                        new SocketException("Cannot assign requested address: localhost/127.0.0.1:9"),
                        thrownBy(new BindException("Cannot assign requested address"), "sun.nio.ch.Net.bind",
                                "io.netty.util.internal.SocketUtils.bind",
                                "io.netty.channel.socket.nio.NioSocketChannel.doBind0",
                                "io.netty.channel.socket.nio.NioSocketChannel.doConnect")),
                        ErrorReason.SOURCE_NOT_LOCAL),
                new Row("nio", "ten-port range used up, bound to a source address", causedBy(
                        new SocketException("Address already in use: /127.0.0.1:9000"),
                        new BindException("Address already in use")), ErrorReason.PORTS_EXHAUSTED),

                new Row("epoll", "ulimit -n", causedBy(new ChannelException(
                        "Unable to create Channel from class class io.netty.channel.epoll.EpollSocketChannel"),
                        new InvocationTargetException(causedBy(new ChannelException(
                                "io.netty.channel.unix.Errors$NativeIoException: newSocketStream(..) failed with "
                                        + "error(-24): Too many open files"), new IOException(
                                "newSocketStream(..) failed with error(-24): Too many open files")))),
                        ErrorReason.OPEN_FILES),
                new Row("nio", "ulimit -n", causedBy(new ChannelException(
                        "Unable to create Channel from class class io.netty.channel.socket.nio.NioSocketChannel"),
                        new InvocationTargetException(causedBy(
                                new ChannelException("Failed to open a socket."),
                                new SocketException("Too many open files")))), ErrorReason.OPEN_FILES),

                new Row("any", "something nobody expected", new IllegalStateException("channel closed"),
                        ErrorReason.OTHER));
    }

    @ParameterizedTest
    @MethodSource("table")
    void eachRealFailureGetsItsReason(Row row) {
        assertEquals(row.expected(), FailureClassifier.classify(row.failure()), row.toString());
    }

    /**
     * A real connect from a source address this host does not have (TEST-NET-3; the bind fails, no
     * packet leaves), on every transport that loads here: its own reason, not ports exhausted.
     */
    @Test
    void aSourceAddressNotOnThisHostIsItsOwnReasonOnEveryTransport() throws Exception {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        InetSocketAddress notHere = new InetSocketAddress(InetAddress.getByName("203.0.113.77"), 0);
        for (Transport t : Transport.available()) {
            EventLoopGroup group = t.newEventLoopGroup(1, "classifier-test");
            try {
                Bootstrap b = new Bootstrap().group(group).channelFactory(t.socketChannelFactory(remote.getAddress()))
                        .handler(new ChannelInboundHandlerAdapter());
                if (t.bindSourceWithoutPortOption() != null) {
                    b.option(t.bindSourceWithoutPortOption(), 1); // as the dialer connects from a source
                }
                ChannelFuture f = b.connect(remote, notHere).await();
                assertEquals("source_not_local", FailureClassifier.classify(f.cause()).key(), t.name() + ": "
                        + f.cause());
            } finally {
                group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).await();
            }
        }
    }
}
