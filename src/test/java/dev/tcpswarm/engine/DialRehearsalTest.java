package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.stats.RunResult;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rehearsal before a large run's clock: it really dials (all its connections established), the
 * target sees none of it, and it leaves nothing open (descriptors back to what they were). A run
 * of 1,000 after it is as exact as ever.
 */
class DialRehearsalTest {

    @Test
    void theRehearsalDialsItsOwnListenerAndLeavesNothingOpen() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            LoadPlan plan = LoadRunTest.plan(server.port(), DialRehearsal.CONNECTIONS, 0, 2000);
            Transport transport = Transport.detect();
            EventLoopGroup group = transport.newEventLoopGroup(2, "rehearsal-test");
            try {
                // the loops' own descriptors (epoll, eventfd, ...) are open before we count
                group.submit(() -> { }).syncUninterruptibly();
                group.next().submit(() -> { }).syncUninterruptibly();
                int before = DescriptorTable.openNow();
                assertEquals(DialRehearsal.CONNECTIONS, DialRehearsal.rehearse(plan, group, transport));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (DescriptorTable.openNow() > before && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
                assertEquals(before, DescriptorTable.openNow(), "descriptors open after the rehearsal");
            } finally {
                group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
            }
            assertEquals(0, server.accepted(), "the target saw nothing of it");

            RunResult run = LoadRunTest.run(plan);
            assertEquals(DialRehearsal.CONNECTIONS, run.totals().everEstablished());
            long until2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.accepted() < DialRehearsal.CONNECTIONS && System.nanoTime() < until2) {
                Thread.sleep(10); // the server accepts what the kernel completed in its own time
            }
            Thread.sleep(100); // and nothing more comes
            assertEquals(DialRehearsal.CONNECTIONS, server.accepted(), "attempts = accepted");
            assertTrue(run.totals().counts().error() == 0, run.totals().counts().toString());
        }
    }

    /** A shard whose start time is near does not rehearse: it would begin late; one with time to spare does. */
    @Test
    void aStartTimeTooNearLeavesNoTimeForTheRehearsal() {
        LoadPlan plan = LoadRunTest.plan(9, 2000, 0, 2000);
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertTrue(DialRehearsal.worthIt(plan, now), "no start time: rehearsed");
        assertFalse(DialRehearsal.worthIt(plan.startingAt(now.plusMillis(500)), now), "0.5 s before its start");
        assertFalse(DialRehearsal.worthIt(plan.startingAt(now.minusSeconds(1)), now), "already past its start");
        assertTrue(DialRehearsal.worthIt(plan.startingAt(now.plusSeconds(5)), now), "5 s before its start");
        assertFalse(DialRehearsal.worthIt(LoadRunTest.plan(9, DialRehearsal.SMALLEST_RUN - 1, 0, 2000), now), "small");
    }
}
