package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.time.Instant;

/** Drives a real ConnectionTracker through chosen events, so that tests judge real totals. */
final class TrackerRuns {
    private TrackerRuns() {
    }

    /** One slot per value: dialled, then established after that many microseconds. */
    static void establish(ConnectionTracker tracker, long... connectMicros) {
        for (long micros : connectMicros) {
            tracker.dialStarted();
            tracker.established(micros * 1000, micros * 1000);
        }
    }

    /** One slot per reason: dialled, then failed. */
    static void fail(ConnectionTracker tracker, ErrorReason... reasons) {
        for (ErrorReason reason : reasons) {
            tracker.dialStarted();
            tracker.failed(reason, 1_000_000, false);
        }
    }

    /** The server closes {@code n} of the established connections. */
    static void closeByPeer(ConnectionTracker tracker, int n) {
        for (int i = 0; i < n; i++) {
            tracker.closedByPeer(5_000_000, false);
        }
    }

    static RunResult result(TrackerTotals totals) {
        return new RunResult(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), 1_000_000_000L, totals, false, false, -1);
    }

    static RunResult result(ConnectionTracker tracker) {
        return result(tracker.totals());
    }

    /** The same totals with another dialing span, to make connect_rate exact. */
    static TrackerTotals withDialSpan(TrackerTotals t, long dialSpanNanos) {
        return new TrackerTotals(t.counts(), t.everEstablished(), t.maxConcurrent(), t.closedByReset(), t.reopened(),
                t.reopenFailed(), t.lateStarts(), t.attempts(), t.errorsByReasonArray(), dialSpanNanos, t.dialEstablished(),
                t.connectLatency(), t.connectFromIntended(), t.timeToError(), t.timeToClose(), t.scheduleLag());
    }
}
