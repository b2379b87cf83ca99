package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.time.Instant;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Drives a real ConnectionTracker through chosen events, so that tests judge real totals. Each
 * tracker is driven through one loop recorder, the test's thread its one writer.
 */
final class TrackerRuns {
    private static final Map<ConnectionTracker, LoopRecorder> LOOPS = new WeakHashMap<>();

    private TrackerRuns() {
    }

    /** The tracker's one loop recorder (made on first use). */
    static synchronized LoopRecorder loop(ConnectionTracker tracker) {
        return LOOPS.computeIfAbsent(tracker, ConnectionTracker::newLoopRecorder);
    }

    /** One slot per value: dialled, then established after that many microseconds. */
    static void establish(ConnectionTracker tracker, long... connectMicros) {
        LoopRecorder loop = loop(tracker);
        for (long micros : connectMicros) {
            loop.dialStarted();
            loop.established(micros * 1000, micros * 1000, false);
        }
    }

    /**
     * One slot per value: a paced start {@code lateMicros} behind its plan, then established after
     * that many microseconds (from the planned start: their sum).
     */
    static void establishLate(ConnectionTracker tracker, long lateMicros, long... connectMicros) {
        LoopRecorder loop = loop(tracker);
        for (long micros : connectMicros) {
            loop.startLag(lateMicros * 1000);
            loop.dialStarted();
            loop.established(micros * 1000, (micros + lateMicros) * 1000, false);
        }
    }

    /** One slot per reason: dialled, then failed. */
    static void fail(ConnectionTracker tracker, ErrorReason... reasons) {
        LoopRecorder loop = loop(tracker);
        for (ErrorReason reason : reasons) {
            loop.dialStarted();
            loop.failed(reason, 1_000_000, false);
        }
    }

    /** The server closes {@code n} of the established connections. */
    static void closeByPeer(ConnectionTracker tracker, int n) {
        LoopRecorder loop = loop(tracker);
        for (int i = 0; i < n; i++) {
            loop.closedByPeer(5_000_000, false);
        }
    }

    static RunResult result(TrackerTotals totals) {
        return new RunResult(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), 1_000_000_000L, totals, false, false, -1);
    }

    static RunResult result(ConnectionTracker tracker) {
        return result(tracker.totals());
    }

    /**
     * The same totals with other dialing spans, to make the rates exact: the connections were
     * established within {@code connectSpanNanos} and the attempts started within
     * {@code attemptSpanNanos}.
     */
    static TrackerTotals withDialSpans(TrackerTotals t, long connectSpanNanos, long attemptSpanNanos) {
        DialPhase d = t.dialPhase();
        return new TrackerTotals(t.counts(), t.everEstablished(), t.maxConcurrent(), t.closedByReset(), t.reopened(),
                t.reopenFailed(), t.lateStarts(), t.attempts(), t.errorsByReasonArray(),
                new DialPhase(d.attempts(), attemptSpanNanos, d.established(), connectSpanNanos, d.resolveSpanNanos()),
                t.connectLatency(), t.connectFromIntended(), t.timeToError(), t.timeToClose(), t.scheduleLag());
    }
}
