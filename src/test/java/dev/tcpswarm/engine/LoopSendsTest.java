package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One event loop's send clock, on a real Netty loop: the held connections send in the order their
 * messages were planned, whatever order they joined in; a loop that is behind yields to other work
 * after {@link LoopSends#BATCH} sends, and a connection that fell behind sends what is due in one
 * go, up to {@link LoopSends#CATCH_UP}; a connection whose channel is not writable waits without
 * losing its planned time, and sends once writable; one that stopped is dropped.
 */
class LoopSendsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final LoopSends sends = new LoopSends(loop);
    /** Each send as "name@planned", in the order they went out (on the loop). */
    private final List<String> sent = new ArrayList<>();
    private final List<Long> plannedInOrder = new ArrayList<>();
    /** The most each call to sendDue was allowed to send. */
    private final List<Integer> mosts = new ArrayList<>();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A connection that sends {@code count} messages {@code interval} apart from {@code firstPlanned}. */
    private final class Sender implements LoopSends.Sender {
        final String name;
        final long interval;
        final CountDownLatch done;
        long planned;
        int left;
        boolean writable = true;
        Runnable onFirstSend;

        Sender(String name, long firstPlanned, long interval, int count, CountDownLatch done) {
            this.name = name;
            this.planned = firstPlanned;
            this.interval = interval;
            this.left = count;
            this.done = done;
        }

        @Override
        public long nextPlannedNanos() {
            return planned;
        }

        @Override
        public boolean sending() {
            return left > 0;
        }

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public int sendDue(long now, int most) {
            assertTrue(loop.inEventLoop());
            assertTrue(planned <= now, "sent no earlier than planned");
            mosts.add(most);
            int n = 0;
            do { // as MessageExchange does: the due ones, at most most
                sent.add(name + "@" + planned);
                plannedInOrder.add(planned);
                planned += interval;
                n++;
                if (--left == 0) {
                    done.countDown();
                }
            } while (n < most && left > 0 && planned <= now);
            if (onFirstSend != null) {
                onFirstSend.run();
                onFirstSend = null;
            }
            return n;
        }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    @Test
    void connectionsSendInTheOrderTheirMessagesWerePlannedWhateverOrderTheyJoinedIn() throws Exception {
        CountDownLatch done = new CountDownLatch(5);
        onLoop(() -> {
            long now = System.nanoTime();
            // All behind already, joined out of order: the clock sends by planned time.
            long[] offsets = {30, 10, 50, 20, 40};
            for (int i = 0; i < offsets.length; i++) {
                sends.add(new Sender("c" + i, now - offsets[i] * MS, 60 * MS, 3, done));
            }
            return null;
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "every message went out: " + sent);
        List<String> got = onLoop(() -> new ArrayList<>(sent));
        assertEquals(15, got.size());
        assertEquals(List.of("c2", "c4", "c0", "c3", "c1"), got.subList(0, 5).stream().map(s -> s.split("@")[0]).toList());
        List<Long> planned = onLoop(() -> new ArrayList<>(plannedInOrder));
        for (int i = 1; i < planned.size(); i++) {
            assertTrue(planned.get(i - 1) <= planned.get(i), "in planned order: " + got);
        }
        assertEquals(0, (int) onLoop(sends::waiting), "the ones that stopped are dropped");
    }

    @Test
    void aLoopThatIsBehindYieldsToItsOtherWorkAfterABatch() throws Exception {
        int connections = 3 * LoopSends.BATCH + 5;
        CountDownLatch done = new CountDownLatch(connections);
        AtomicInteger sentWhenOtherWorkRan = new AtomicInteger(-1);
        onLoop(() -> {
            long now = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                Sender s = new Sender("c" + i, now - (connections - i) * MS, 10 * MS, 1, done);
                if (i == 0) {
                    // Work that comes in during the first turn (a read, a connect) runs before the second.
                    s.onFirstSend = () -> loop.execute(() -> sentWhenOtherWorkRan.set(sent.size()));
                }
                sends.add(s);
            }
            return null;
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(LoopSends.BATCH, sentWhenOtherWorkRan.get());
        assertEquals(connections, (int) onLoop(sent::size));
    }

    @Test
    void aConnectionThatFellBehindSendsWhatIsDueTogetherUpToTheCatchUp() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        onLoop(() -> {
            // 20 messages due, the last 1 ms ago: three writes of at most CATCH_UP, in planned order.
            sends.add(new Sender("late", System.nanoTime() - 20 * MS, MS, 20, done));
            return null;
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(LoopSends.CATCH_UP, LoopSends.CATCH_UP, LoopSends.CATCH_UP), onLoop(() -> new ArrayList<>(mosts)));
        List<Long> planned = onLoop(() -> new ArrayList<>(plannedInOrder));
        assertEquals(20, planned.size());
        for (int i = 1; i < planned.size(); i++) {
            assertEquals(MS, planned.get(i) - planned.get(i - 1), "each message keeps its own planned time");
        }
    }

    @Test
    void anUnwritableConnectionWaitsKeepingItsPlannedTimeAndSendsOnceWritable() throws Exception {
        CountDownLatch others = new CountDownLatch(1);
        CountDownLatch blockedDone = new CountDownLatch(1);
        long[] plannedAt = new long[1];
        Sender blocked = onLoop(() -> {
            long now = System.nanoTime();
            plannedAt[0] = now - 5 * MS;
            Sender b = new Sender("blocked", plannedAt[0], 1000 * MS, 1, blockedDone);
            b.writable = false;
            sends.add(b);
            sends.add(new Sender("other", now, MS, 20, others));
            return b;
        });
        assertTrue(others.await(10, TimeUnit.SECONDS), "the others go on sending");
        assertEquals(0, (long) onLoop(() -> blockedDone.getCount() == 0 ? 1L : 0L), "nothing written while unwritable");
        assertEquals(1, (int) onLoop(sends::waiting), "it waits to be writable");
        onLoop(() -> blocked.writable = true);
        assertTrue(blockedDone.await(10, TimeUnit.SECONDS), "sent once writable");
        assertTrue(onLoop(() -> sent.contains("blocked@" + plannedAt[0])), "counted from its planned time: " + sent);
        assertEquals(0, (int) onLoop(sends::waiting));
    }

    @Test
    void connectionsPlannedAtTheSameTimeSendInTheOrderTheyJoinedAndTheQueueGrowsInOrder() throws Exception {
        int connections = 300; // past the queue's first size (64), while its head is not at 0
        CountDownLatch done = new CountDownLatch(connections);
        List<String> expected = new ArrayList<>();
        onLoop(() -> {
            long base = System.nanoTime() + 30 * MS;
            sends.add(new Sender("a0", base + 5 * MS, 1000 * MS, 1, done));
            sends.add(new Sender("b0", base, 1000 * MS, 1, done)); // before the head: the head moves back
            for (int i = 1; i < connections - 1; i++) {
                // Three planned times, joined interleaved: each time's connections keep their joining order.
                long at = base + (i % 3) * MS;
                sends.add(new Sender("t" + (i % 3) + "-" + i, at, 1000 * MS, 1, done));
            }
            expected.add("b0");
            for (int t = 0; t < 3; t++) {
                for (int i = 1; i < connections - 1; i++) {
                    if (i % 3 == t) {
                        expected.add("t" + t + "-" + i);
                    }
                }
            }
            expected.add("a0");
            return null;
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(expected, onLoop(() -> sent.stream().map(x -> x.split("@")[0]).toList()));
    }

    @Test
    void aConnectionThatStopsWhileUnwritableIsDroppedAndTheLoopGoesQuiet() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Sender s = onLoop(() -> {
            Sender b = new Sender("blocked", System.nanoTime() - MS, MS, 5, never);
            b.writable = false;
            sends.add(b);
            return b;
        });
        Thread.sleep(20);
        assertEquals(1, (int) onLoop(sends::waiting), "parked while unwritable");
        onLoop(() -> {
            s.left = 0;
            s.writable = true;
            return null;
        });
        Thread.sleep(20);
        assertEquals(0, (int) onLoop(sends::waiting), "dropped at the next retry");
        assertEquals(List.of(), onLoop(() -> new ArrayList<>(sent)));
    }

    @Test
    void manyConnectionsThatStopLongBeforeTheirNextSendAreSweptOut() throws Exception {
        int connections = 400;
        CountDownLatch done = new CountDownLatch(connections / 4);
        int left = onLoop(() -> {
            long at = System.nanoTime() + 200 * MS;
            List<Sender> all = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Sender e = new Sender("c" + i, at + i * 1000, 1000 * MS, 1, done);
                all.add(e);
                sends.add(e);
            }
            for (int i = 0; i < connections; i++) {
                if (i % 4 != 0) { // three in four stop (their connection closed), 200 ms before their send
                    all.get(i).left = 0;
                    sends.stopped();
                }
            }
            return sends.waiting();
        });
        // Swept once the stopped ones were more than half: at most half of what is left is dead.
        assertTrue(left <= connections / 4 + Math.max(64, left / 2), "waiting " + left);
        assertTrue(left < connections / 2, "waiting " + left);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        List<String> names = onLoop(() -> sent.stream().map(x -> x.split("@")[0]).toList());
        assertEquals(connections / 4, names.size());
        assertTrue(names.stream().allMatch(n -> Integer.parseInt(n.substring(1)) % 4 == 0), names.toString());
    }

    @Test
    void aConnectionThatStopsIsDroppedWithoutSending() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch other = new CountDownLatch(1);
        onLoop(() -> {
            long now = System.nanoTime();
            Sender s = new Sender("stops", now + 20 * MS, MS, 5, never);
            sends.add(s);
            sends.add(new Sender("other", now + 40 * MS, MS, 1, other));
            s.left = 0; // stopped (the hold is over, or it closed) before its time came
            return null;
        });
        assertTrue(other.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("other"), onLoop(() -> sent.stream().map(x -> x.split("@")[0]).toList()));
        assertEquals(0, (int) onLoop(sends::waiting));
    }
}
