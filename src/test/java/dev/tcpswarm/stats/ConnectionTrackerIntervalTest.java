package dev.tcpswarm.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The tracker's readers against event loops that keep recording, each into its own recorder, as
 * real loops do (plain threads here, one per loop). Each progress interval tells one story: the
 * connections it counts as established are the ones whose connect latencies it holds; every
 * snapshot's counts add up and none is below zero; the loops never wait for a reader; and once the
 * run is frozen, nothing moves. The CSV's established_in_interval and its latency columns, the HDR
 * log's interval histograms, the live status line and the abort watch rest on this.
 */
class ConnectionTrackerIntervalTest {
    private static final int CONNECTIONS = 200_000;
    private static final int LOOPS = 2;

    /** Runs {@code work(loop index, its recorder)} on one thread per loop. */
    private static Thread[] startLoops(ConnectionTracker tracker, LoopWork work) {
        Thread[] loops = new Thread[LOOPS];
        for (int t = 0; t < LOOPS; t++) {
            int index = t;
            LoopRecorder recorder = tracker.newLoopRecorder();
            loops[t] = new Thread(() -> work.run(index, recorder), "event-loop-" + t);
        }
        for (Thread t : loops) {
            t.start();
        }
        return loops;
    }

    private interface LoopWork {
        void run(int index, LoopRecorder recorder);
    }

    private static void join(Thread[] loops) throws InterruptedException {
        for (Thread t : loops) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), t.getName() + " finished");
        }
    }

    @Test
    void everyIntervalHoldsTheLatencyOfEachConnectionItCounts() throws Exception {
        ConnectionTracker tracker = new ConnectionTracker(CONNECTIONS);
        Thread[] loops = startLoops(tracker, (index, recorder) -> {
            for (int i = 0; i < CONNECTIONS / LOOPS; i++) {
                recorder.dialStarted();
                recorder.established(TimeUnit.MICROSECONDS.toNanos(50 + i % 1000), 0, false);
            }
        });
        List<IntervalSample> samples = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!tracker.allResolved().isDone() && System.nanoTime() < until) {
            samples.add(tracker.sampleInterval());
        }
        join(loops);
        tracker.freeze();
        samples.add(tracker.sampleInterval());

        long established = 0;
        for (IntervalSample s : samples) {
            assertEquals(s.establishedInInterval(), s.connectLatency().getTotalCount(),
                    "interval " + samples.indexOf(s) + " of " + samples.size());
            established += s.establishedInInterval();
            assertEquals(established, s.counts().established(), "the counts are of the same events");
        }
        assertEquals(CONNECTIONS, established);
        TrackerTotals totals = tracker.totals();
        assertEquals(CONNECTIONS, totals.everEstablished());
        assertEquals(CONNECTIONS, totals.connectLatency().getTotalCount());
        assertEquals(CONNECTIONS, totals.maxConcurrent());
        assertEquals(CONNECTIONS, totals.dialPhase().established());
    }

    /**
     * Slots that are established, fail, are closed by the server and reopened, on two loops at
     * once, while readers take counts, samples and totals: every snapshot adds up, none of its counts
     * is below zero, and its timings are those of its counts. At the end, every figure is exact.
     */
    @Test
    void everySnapshotAddsUpWhileTheLoopsRecord() throws Exception {
        int perLoop = 50_000;
        ConnectionTracker tracker = new ConnectionTracker((long) perLoop * LOOPS);
        Thread[] loops = startLoops(tracker, (index, recorder) -> {
            for (int i = 0; i < perLoop; i++) {
                recorder.dialStarted();
                if (i % 10 == 9) {
                    recorder.failed(ErrorReason.REFUSED, 1_000_000, false);
                    continue;
                }
                recorder.established(100_000, 100_000, false);
                if (i % 10 == 0) { // closed by the server, reopened, established again
                    recorder.closedByPeer(5_000_000, i % 20 == 0);
                    assertTrue(recorder.reopenStarted());
                    recorder.established(200_000, 200_000, true);
                }
            }
        });
        int snapshots = 0;
        while (!tracker.allResolved().isDone()) {
            StatusCounts c = tracker.counts();
            TrackerTotals t = tracker.totals();
            for (StatusCounts counts : List.of(c, t.counts())) {
                assertEquals(counts.total(), counts.dialing() + counts.established() + counts.closed()
                        + counts.error() + counts.notInitiated(), counts.toString());
                assertTrue(counts.dialing() >= 0 && counts.established() >= 0 && counts.closed() >= 0
                        && counts.error() >= 0 && counts.notInitiated() >= 0, counts.toString());
            }
            assertEquals(t.everEstablished(), t.connectLatency().getTotalCount());
            assertEquals(t.counts().error(), t.timeToError().getTotalCount());
            assertEquals(t.counts().closed() + t.reopened(), t.timeToClose().getTotalCount());
            assertTrue(t.maxConcurrent() >= 0);
            snapshots++;
        }
        join(loops);
        tracker.freeze();
        TrackerTotals end = tracker.totals();
        int reopenedPerLoop = perLoop / 10;
        int failedPerLoop = perLoop / 10;
        assertEquals(new StatusCounts((long) perLoop * LOOPS, 0, (long) (perLoop - failedPerLoop) * LOOPS, 0,
                (long) failedPerLoop * LOOPS, 0), end.counts());
        assertEquals((long) (perLoop - failedPerLoop + reopenedPerLoop) * LOOPS, end.everEstablished());
        assertEquals((long) reopenedPerLoop * LOOPS, end.reopened());
        assertEquals((long) reopenedPerLoop / 2 * LOOPS, end.closedByReset());
        assertEquals((long) (perLoop - failedPerLoop) * LOOPS, end.dialPhase().established());
        assertEquals((long) perLoop * LOOPS + (long) reopenedPerLoop * LOOPS, end.attempts());
        assertTrue(snapshots > 0);
    }

    /**
     * The loops never wait for a reader: while other threads take totals and progress samples as
     * fast as they can (each copying the histograms), the loops' threads are never blocked on a
     * monitor. (With one lock for both sides, they were: JFR showed 143 ms per loop in a
     * {@code --rate 2000} run with the default progress interval.)
     */
    @Test
    void theLoopsNeverWaitForAReader() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // A first round, without readers, loads and initialises the classes on the recording path:
        // two loops initialising one class at once wait for each other once, on its init lock.
        join(startLoops(new ConnectionTracker(LOOPS), (index, recorder) -> {
            recorder.dialStarted();
            recorder.established(TimeUnit.MICROSECONDS.toNanos(150), 0, false);
        }));
        ConnectionTracker tracker = new ConnectionTracker(CONNECTIONS);
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            boolean totals = r == 0;
            readers[r] = new Thread(() -> {
                while (reading.get()) {
                    if (totals) {
                        tracker.totals();
                    } else {
                        tracker.sampleInterval();
                    }
                }
            }, totals ? "abort-watch" : "progress");
            readers[r].start();
        }
        long[] blocked = new long[LOOPS];
        Thread[] loops = startLoops(tracker, (index, recorder) -> {
            for (int i = 0; i < CONNECTIONS / LOOPS; i++) {
                recorder.dialStarted();
                recorder.established(TimeUnit.MICROSECONDS.toNanos(50 + i % 5000), 0, false);
            }
            blocked[index] = threads.getThreadInfo(Thread.currentThread().getId()).getBlockedCount();
        });
        join(loops);
        reading.set(false);
        for (Thread r : readers) {
            r.join();
        }
        assertEquals(CONNECTIONS, tracker.totals().everEstablished());
        for (int i = 0; i < LOOPS; i++) {
            assertEquals(0, blocked[i], "times loop " + i + " was blocked on a monitor");
        }
    }

    @Test
    void afterTheFreezeNothingMoves() {
        ConnectionTracker tracker = new ConnectionTracker(3);
        LoopRecorder loop = tracker.newLoopRecorder();
        loop.dialStarted();
        loop.established(1_000_000, 1_000_000, false);
        loop.dialStarted();
        tracker.freeze();
        TrackerTotals frozen = tracker.totals();
        loop.established(2_000_000, 2_000_000, false);
        loop.closedByPeer(1_000_000, false);
        loop.dialStarted();
        assertFalse(loop.reopenStarted());
        TrackerTotals later = tracker.totals();
        assertEquals(new StatusCounts(3, 1, 1, 0, 0, 1), later.counts());
        assertEquals(frozen.counts(), later.counts());
        assertEquals(1, later.connectLatency().getTotalCount());
        assertEquals(0, later.timeToClose().getTotalCount());
        assertFalse(tracker.allResolved().isDone());
    }

    @Test
    void allResolvedCompletesWithTheLastFirstAttemptNotWithAReopen() {
        ConnectionTracker tracker = new ConnectionTracker(2);
        LoopRecorder loop = tracker.newLoopRecorder();
        loop.dialStarted();
        loop.established(1_000_000, 1_000_000, false);
        loop.closedByPeer(1_000_000, true);
        assertTrue(loop.reopenStarted());
        loop.established(1_000_000, 1_000_000, true);
        loop.dialStarted();
        assertFalse(tracker.allResolved().isDone(), "one first attempt still dialing");
        loop.failed(ErrorReason.TIMEOUT, 5_000_000, false);
        assertTrue(tracker.allResolved().isDone());
        DialPhase phase = tracker.totals().dialPhase();
        assertEquals(2, phase.attempts());
        assertEquals(1, phase.established(), "the reopen is not part of the dialing phase");
    }

    /** A loop's recorder has one writer: recording on another thread is a bug, and says so. */
    @Test
    void aRecorderBelongsToOneThread() throws Exception {
        ConnectionTracker tracker = new ConnectionTracker(2);
        LoopRecorder loop = tracker.newLoopRecorder();
        loop.dialStarted();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = new Thread(() -> thrown.set(assertThrows(AssertionError.class, loop::dialStarted)), "other");
        other.start();
        other.join();
        assertTrue(thrown.get().getMessage().contains("belongs to " + Thread.currentThread().getName()),
                thrown.get().getMessage());
    }
}
