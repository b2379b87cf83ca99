package dev.tcpswarm.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetAddress;

/**
 * The engine's one client {@link Bootstrap} set-up, for load connections ({@link Dialer}) and
 * monitor probes ({@link ProbeDialer}) alike: addresses are resolved before (no resolver), the
 * connect is timed by the engine ({@link LoopTimeouts}, so Netty's own connect timeout is off), and
 * each connect sets its own handler. Options are set on each channel as it is made rather than as
 * bootstrap options, which Netty copies into a fresh map for every connect (about 250 bytes of
 * garbage per connection).
 *
 * <p>Threads: the bootstrap is built by the owner; its clones connect on their loops.
 */
final class ClientChannels {
    private ClientChannels() {
    }

    /**
     * A bootstrap (no group yet) for connections to {@code remote}'s family.
     *
     * @param readInterest false when nothing on the connection reads what the server sends: no read
     *     interest (one epoll_ctl less per connection); the peer's FIN or RST is still seen
     * @param portAtConnect the option that binds a source address without a port until the connect,
     *     or null
     */
    static Bootstrap bootstrap(Transport transport, InetAddress remote, boolean readInterest,
            ChannelOption<Integer> portAtConnect) {
        ChannelFactory<SocketChannel> channels = transport.socketChannelFactory(remote);
        ChannelFactory<SocketChannel> configured = () -> {
            SocketChannel channel = channels.newChannel();
            SocketChannelConfig config = channel.config();
            config.setConnectTimeoutMillis(0); // the engine times connects out (LoopTimeouts)
            if (!readInterest) {
                config.setAutoRead(false);
            }
            if (portAtConnect != null) {
                config.setOption(portAtConnect, 1);
            }
            return channel;
        };
        return new Bootstrap()
                .channelFactory(configured)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .handler(NoHandler.INSTANCE); // each connect sets its own
    }

    /** The bootstraps' handler until a connect sets its own: for the channels registered to warm the loops up. */
    @Sharable
    private static final class NoHandler extends ChannelInboundHandlerAdapter {
        static final NoHandler INSTANCE = new NoHandler();
    }
}
