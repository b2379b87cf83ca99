package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.MessageTotals;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One held connection's repeated messages, on a channel whose writes are seen: the messages of a
 * connection that fell behind go out together (one flush: one gathering write), as many as are due
 * and at most what its loop allows; each is awaited and timed from its own planned send, not from
 * the moment the backlog went out.
 */
class MessageExchangeTest {
    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(10);

    @Test
    void theMessagesDueGoOutInOneWriteEachTimedFromItsPlannedSend() {
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger flushes = new AtomicInteger();
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                writes.incrementAndGet();
                ctx.write(msg, promise);
            }

            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        Messaging messaging = new Messaging(null, "ping\n".getBytes(StandardCharsets.US_ASCII), INTERVAL,
                Pattern.compile("\\n"), TimeUnit.SECONDS.toNanos(60));
        ConnectionTracker tracker = new ConnectionTracker(1);
        tracker.usesMessages(true);
        LongAdder awaited = new LongAdder();
        // The send clock on a loop of its own that this test never runs: the test makes its turns.
        EmbeddedChannel clockLoop = new EmbeddedChannel();
        MessageExchange exchange = new MessageExchange(messaging, channel, tracker.newLoopRecorder(),
                new LoopTimeouts(channel.eventLoop()), new LoopSends(clockLoop.eventLoop()), awaited);
        long now = System.nanoTime();
        long up = now - 20 * INTERVAL - INTERVAL / 2; // 21 messages planned by now: at up, up + 10 ms, ...
        exchange.start(up);
        assertEquals(up, exchange.nextPlannedNanos());

        assertEquals(LoopSends.CATCH_UP, exchange.sendDue(now, LoopSends.CATCH_UP), "at most what the loop allows");
        assertEquals(LoopSends.CATCH_UP, writes.get());
        assertEquals(1, flushes.get(), "written together: one flush");
        assertEquals(up + LoopSends.CATCH_UP * INTERVAL, exchange.nextPlannedNanos());

        assertEquals(13, exchange.sendDue(now, 100), "the 13 still due, and not the one planned after now");
        assertEquals(21, writes.get());
        assertEquals(2, flushes.get());
        assertEquals(up + 21 * INTERVAL, exchange.nextPlannedNanos());
        assertTrue(exchange.nextPlannedNanos() > now);
        assertEquals(21, awaited.sum(), "each message awaits its answer");
        assertEquals(21, channel.outboundMessages().size());
        channel.releaseOutbound();

        long answeredAt = System.nanoTime();
        exchange.read(Unpooled.copiedBuffer("ping\nping\n", StandardCharsets.US_ASCII));
        assertEquals(19, awaited.sum());
        MessageTotals m = tracker.totals().messages();
        assertEquals(21, m.sent());
        assertEquals(2, m.responses());
        // The first two were planned at up and up + 10 ms: their latency is from there, about 205 and 195 ms.
        long micros = TimeUnit.NANOSECONDS.toMicros(answeredAt - up);
        assertTrue(m.responseLatency().getMaxValue() >= micros - 1000, m.responseLatency().getMaxValue() + " µs");
        assertTrue(m.responseLatency().getMinValue() >= micros - TimeUnit.NANOSECONDS.toMicros(INTERVAL) - 1000,
                m.responseLatency().getMinValue() + " µs");

        exchange.closed();
        assertEquals(0, awaited.sum(), "a closed connection awaits nothing");
        channel.finishAndReleaseAll();
        clockLoop.finishAndReleaseAll();
    }
}
