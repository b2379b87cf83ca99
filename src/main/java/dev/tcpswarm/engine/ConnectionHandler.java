package dev.tcpswarm.engine;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Locale;

/**
 * The only handler in every client pipeline, shared by all of them: it reads and discards whatever
 * the server sends (tcpswarm never writes), notes a reset, and tells the connection when it ends.
 */
@Sharable
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    static final ConnectionHandler INSTANCE = new ConnectionHandler();

    private ConnectionHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Connection connection = ctx.channel().attr(Connection.KEY).get();
        if (connection != null && isReset(cause)) {
            connection.resetByPeer = true;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Connection connection = ctx.channel().attr(Connection.KEY).get();
        if (connection != null) {
            connection.inactive();
        }
    }

    private static boolean isReset(Throwable cause) {
        String message = cause.getMessage();
        return cause instanceof IOException && message != null
                && message.toLowerCase(Locale.ROOT).contains("connection reset");
    }
}
