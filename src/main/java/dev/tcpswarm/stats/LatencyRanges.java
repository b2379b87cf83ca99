package dev.tcpswarm.stats;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AbstractHistogram;

/**
 * The bounds of the latency table's ranges (the old Python monitor's: 100, 500, 1000 and 2000 ms,
 * each range including its upper bound) and how a connect time is recorded so a histogram keeps
 * them exact. Used wherever a connect time is recorded for that table: the run's loops, the
 * monitor's periods, the store's rollups. Pure.
 */
public final class LatencyRanges {
    /** The upper bounds, in microseconds, of the ranges before the last. */
    public static final long[] BOUNDS_MICROS = {TimeUnit.MILLISECONDS.toMicros(100), TimeUnit.MILLISECONDS.toMicros(500),
        TimeUnit.MILLISECONDS.toMicros(1000), TimeUnit.MILLISECONDS.toMicros(2000)};

    private LatencyRanges() {
    }

    /**
     * The value to record in {@code h} for a connect time of {@code micros}: itself, unless it is
     * above a range's bound but in the histogram bucket of the bound; then the first value of the
     * next bucket (a shift smaller than the histogram's precision), so the bound's bucket holds only
     * values at or below it.
     */
    public static long recordable(AbstractHistogram h, long micros) {
        for (long bound : BOUNDS_MICROS) {
            if (micros > bound) {
                long top = h.highestEquivalentValue(bound);
                if (micros <= top) {
                    return Math.min(top + 1, h.getHighestTrackableValue());
                }
            }
        }
        return micros;
    }
}
