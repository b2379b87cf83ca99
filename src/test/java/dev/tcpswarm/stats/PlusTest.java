package dev.tcpswarm.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Totals that add: two trackers' figures as one, as {@code merge} adds shards. Counts, errors and
 * histograms add exactly (the merged percentiles are those of one histogram of every value); the
 * dialing phases combine on the common clock; the summed peak is only a bound.
 */
class PlusTest {
    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void countsErrorsAndHistogramsAddUpExactly() {
        ConnectionTracker a = new ConnectionTracker(3);
        ConnectionTracker b = new ConnectionTracker(2);
        ConnectionTracker both = new ConnectionTracker(5);
        LoopRecorder aLoop = a.newLoopRecorder();
        LoopRecorder bLoop = b.newLoopRecorder();
        LoopRecorder bothLoop = both.newLoopRecorder();
        long[][] connects = {{ms(1), ms(7)}, {ms(40), ms(41)}};
        for (LoopRecorder t : new LoopRecorder[] {aLoop, aLoop, aLoop, bLoop, bLoop}) {
            t.dialStarted();
        }
        for (int i = 0; i < 5; i++) {
            bothLoop.dialStarted();
        }
        aLoop.established(connects[0][0], connects[0][1], false);
        bothLoop.established(connects[0][0], connects[0][1], false);
        aLoop.established(connects[1][0], connects[1][1], false);
        bothLoop.established(connects[1][0], connects[1][1], false);
        aLoop.failed(ErrorReason.REFUSED, ms(2), false);
        bothLoop.failed(ErrorReason.REFUSED, ms(2), false);
        bLoop.established(ms(900), ms(905), false);
        bothLoop.established(ms(900), ms(905), false);
        bLoop.failed(ErrorReason.TIMEOUT, ms(5000), false);
        bothLoop.failed(ErrorReason.TIMEOUT, ms(5000), false);

        TrackerTotals sum = a.totals().plus(b.totals());
        TrackerTotals one = both.totals();
        assertEquals(one.counts(), sum.counts());
        assertEquals(one.everEstablished(), sum.everEstablished());
        assertEquals(one.errorsByReason(), sum.errorsByReason());
        for (double p : new double[] {50, 90, 99, 100}) {
            assertEquals(one.connectLatency().getValueAtPercentile(p), sum.connectLatency().getValueAtPercentile(p));
            assertEquals(one.connectFromIntended().getValueAtPercentile(p),
                    sum.connectFromIntended().getValueAtPercentile(p));
            assertEquals(one.timeToError().getValueAtPercentile(p), sum.timeToError().getValueAtPercentile(p));
        }
        assertEquals(one.connectLatency().getTotalCount(), sum.connectLatency().getTotalCount());
        assertEquals(2 + 1, sum.maxConcurrent(), "the peaks added: an upper bound");
        assertEquals(3, sum.withMaxConcurrent(3).maxConcurrent());
    }

    @Test
    void dialingPhasesThatRanTogetherSpanFromTheEarliestStartToTheLatestEnd() {
        // shard a: first connect at 10 ms, its last start 1 s later, all established by 1.2 s, resolved by 1.5 s
        DialPhase a = new DialPhase(1000, ms(1000), 1000, ms(1200), ms(1500), ms(10));
        // shard b, on the same clock: from 12 ms, 1,000 starts over 1.1 s, 990 established by 1.0 s, resolved by 6 s
        DialPhase b = new DialPhase(1000, ms(1100), 990, ms(1000), ms(6000), ms(12));
        DialPhase both = a.alongside(b);
        assertEquals(new DialPhase(2000, ms(1102), 1990, ms(1200), ms(6002), ms(10)), both);
        assertEquals(1999 / 1.102, both.attemptRatePerSecond(), 1e-9);
        assertEquals(both, b.alongside(a), "in either order");
        assertEquals(a, a.alongside(DialPhase.NONE));
        assertEquals(new DialPhase(1000, ms(1000), 1000, ms(1200), ms(1500), ms(510)), a.shifted(ms(500)));
        // one after the other (a ramp's levels): the spans add, as before
        assertEquals(new DialPhase(2000, ms(2100), 1990, ms(2200), ms(7500), ms(10)), a.plus(b));
    }

    @Test
    void intervalsOfTwoShardsAddUp() {
        ConnectionTracker a = new ConnectionTracker(2);
        ConnectionTracker b = new ConnectionTracker(1);
        LoopRecorder aLoop = a.newLoopRecorder();
        LoopRecorder bLoop = b.newLoopRecorder();
        aLoop.dialStarted();
        aLoop.dialStarted();
        aLoop.established(ms(3), ms(3), false);
        aLoop.startLag(ms(2));
        bLoop.dialStarted();
        bLoop.failed(ErrorReason.REFUSED, ms(1), false);
        IntervalSample sum = a.sampleInterval().plus(b.sampleInterval());
        assertEquals(new StatusCounts(3, 1, 1, 0, 1, 0), sum.counts());
        assertEquals(3, sum.startedInInterval());
        assertEquals(1, sum.establishedInInterval());
        assertEquals(1, sum.lateStartsInInterval());
        assertEquals(1, sum.connectLatency().getTotalCount());
        assertEquals(1, sum.timeToError().getTotalCount());
        assertEquals(1, sum.scheduleLag().getTotalCount());
        Histogram lag = sum.scheduleLag();
        assertEquals(2000, lag.getMaxValue(), 2, "microseconds");
    }
}
