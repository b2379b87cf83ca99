package dev.tcpswarm.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * What every user of the engine's event loops does the same way: warm each loop up before a clock
 * starts, and shut a group down, quickly and bounded, at the end. Used by {@code run} and
 * {@code ramp} ({@link Dialer}), {@code monitor} ({@link ProbeDialer}) and the built-in server.
 *
 * <p>Threads: the owner's thread (the warm-up and the shutdown wait for the loops).
 */
public final class EventLoops {
    /** How long a shutdown waits for the loops to end. */
    public static final long SHUTDOWN_WAIT_SECONDS = 2;

    private EventLoops() {
    }

    /**
     * Threads up and the channel code loaded before a clock starts: registers (no connect, so no
     * traffic) and closes one channel with {@code bootstrap}, on its loop. Best effort: with no file
     * descriptor left it fails (a failed future holding a placeholder channel, which was never
     * registered and needs no close), and the connections then fail for that reason, as they should.
     */
    static void warmUp(Bootstrap bootstrap) {
        ChannelFuture warm = bootstrap.register().awaitUninterruptibly();
        if (warm.isSuccess()) {
            warm.channel().close().awaitUninterruptibly();
        }
    }

    /** Shuts {@code group} down (no quiet period), waiting at most {@value #SHUTDOWN_WAIT_SECONDS} s. */
    public static void shutDown(EventLoopGroup group) {
        shutDown(group, SHUTDOWN_WAIT_SECONDS);
    }

    /** As {@link #shutDown(EventLoopGroup)}, waiting at most {@code waitSeconds}. */
    public static void shutDown(EventLoopGroup group, long waitSeconds) {
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(waitSeconds, TimeUnit.SECONDS);
    }
}
