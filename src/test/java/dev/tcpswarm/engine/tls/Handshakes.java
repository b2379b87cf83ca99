package dev.tcpswarm.engine.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * A bare Netty client for the TLS building blocks' tests: connect to 127.0.0.1:port, add the
 * {@link ClientTls} handler first, and wait for the handshake, as the engine does; the result is
 * the SslHandler's own (its session, or the cause it reports), and the connection is then closed.
 */
public final class Handshakes implements AutoCloseable {
    /** One handshake's end: the session when it completed, else the failure the handler reported. */
    public record Result(Optional<SSLSession> session, Throwable failure) {
        public boolean completed() {
            return session.isPresent();
        }

        public TlsReason reason() {
            if (failure == null) {
                throw new AssertionError("the handshake completed: " + session.orElseThrow().getProtocol());
            }
            return TlsFailureClassifier.classify(failure);
        }
    }

    private final EventLoopGroup group;

    public Handshakes(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** One connection: connects, handshakes and closes; {@code host} is the name the handler is given. */
    public Result attempt(ClientTls tls, String host, int port) throws InterruptedException {
        Future<SSLSession> handshake = start(tls, host, port);
        if (!handshake.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the handshake did not end within 60 s");
        }
        return handshake.isSuccess() ? new Result(Optional.of(handshake.getNow()), null)
                : new Result(Optional.empty(), handshake.cause());
    }

    /** Starts a connection and its handshake; the future ends with the handshake, the connection closed. */
    public Future<SSLSession> start(ClientTls tls, String host, int port) {
        Promise<SSLSession> done = group.next().newPromise();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // the handler is kept here, not looked up once connected: a handshake that fails
                        // at once closes the channel, and a closed pipeline no longer holds it
                        SslHandler ssl = tls.newHandler(ch.alloc(), host, port);
                        ssl.handshakeFuture().addListener(h -> {
                            if (h.isSuccess()) {
                                done.trySuccess(ssl.engine().getSession());
                            } else {
                                done.tryFailure(h.cause());
                            }
                            ch.close();
                        });
                        ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // the handshake future has the failure already
                            }
                        });
                    }
                });
        b.connect("127.0.0.1", port).addListener(f -> {
            if (!f.isSuccess()) {
                done.tryFailure(f.cause());
            }
        });
        return done;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
