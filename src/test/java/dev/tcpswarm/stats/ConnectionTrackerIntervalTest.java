package dev.tcpswarm.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each progress interval tells one story: the connections it counts as established are the ones
 * whose connect latencies it holds, even while event loops keep establishing connections as it is
 * sampled. The CSV's established_in_interval and its latency columns, and the HDR log's interval
 * histograms, rest on this; and once the run is frozen, every established connection's latency is
 * in the totals.
 */
class ConnectionTrackerIntervalTest {
    private static final int CONNECTIONS = 200_000;

    @Test
    void everyIntervalHoldsTheLatencyOfEachConnectionItCounts() throws Exception {
        ConnectionTracker tracker = new ConnectionTracker(CONNECTIONS);
        Thread[] loops = new Thread[2];
        for (int t = 0; t < loops.length; t++) {
            loops[t] = new Thread(() -> {
                for (int i = 0; i < CONNECTIONS / loops.length; i++) {
                    tracker.dialStarted();
                    tracker.established(TimeUnit.MICROSECONDS.toNanos(50 + i % 1000), 0);
                }
            }, "event-loop-" + t);
        }
        for (Thread t : loops) {
            t.start();
        }
        List<IntervalSample> samples = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tracker.totals().everEstablished() < CONNECTIONS && System.nanoTime() < until) {
            samples.add(tracker.sampleInterval());
        }
        for (Thread t : loops) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        tracker.freeze();
        samples.add(tracker.sampleInterval());

        long established = 0;
        for (IntervalSample s : samples) {
            assertEquals(s.establishedInInterval(), s.connectLatency().getTotalCount(),
                    "interval " + samples.indexOf(s) + " of " + samples.size());
            established += s.establishedInInterval();
        }
        assertEquals(CONNECTIONS, established);
        TrackerTotals totals = tracker.totals();
        assertEquals(CONNECTIONS, totals.everEstablished());
        assertEquals(CONNECTIONS, totals.connectLatency().getTotalCount());
    }
}
