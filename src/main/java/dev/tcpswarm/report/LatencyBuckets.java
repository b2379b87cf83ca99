package dev.tcpswarm.report;

import dev.tcpswarm.stats.LatencyRanges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Connections per connect-latency range (tcpgoon's table, the old Python monitor's daily table),
 * counted in one place so that the JSON result, the human report, the daily files and
 * {@code monitor report} always agree. As in the original, each range excludes its lower bound and
 * includes its upper one: (0,100 ms], (100,500], (500,1000], (1000,2000], over 2000 ms. To keep the
 * bounds exact in a histogram, whose buckets may straddle a bound, a value just above a bound is
 * recorded at the start of the next bucket ({@link LatencyRanges#recordable}: a shift of less than the
 * histogram's own precision), and a bucket is placed by its lowest equivalent value, so every value
 * at or below a bound counts in the lower range and every value above it in the upper one.
 *
 * @param failed connect attempts that failed (no latency to place)
 */
public record LatencyBuckets(long under100ms, long from100To500ms, long from500To1000ms, long from1000To2000ms,
        long over2000ms, long failed) {

    /** The labels, in the order of {@link #counts()}. */
    public static final List<String> LABELS =
            List.of("0-100ms", "100-500ms", "500-1000ms", "1000-2000ms", ">2000ms", "failed");


    /**
     * Counts a connect-latency histogram whose values are microseconds, recorded through
     * {@link #recordable}.
     */
    public static LatencyBuckets of(AbstractHistogram connectMicros, long failed) {
        long[] counts = new long[5];
        for (HistogramIterationValue v : connectMicros.recordedValues()) {
            counts[rangeOf(connectMicros.lowestEquivalentValue(v.getValueIteratedTo()))] += v.getCountAtValueIteratedTo();
        }
        return new LatencyBuckets(counts[0], counts[1], counts[2], counts[3], counts[4], failed);
    }

    /** Upper-inclusive: exactly 100 ms is in the first range. */
    private static int rangeOf(long micros) {
        long[] bounds = LatencyRanges.BOUNDS_MICROS;
        for (int i = 0; i < bounds.length; i++) {
            if (micros <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    /** {@link LatencyRanges#recordable}: the value to record for a connect time, so the ranges stay exact. */
    public static long recordable(AbstractHistogram h, long micros) {
        return LatencyRanges.recordable(h, micros);
    }

    /** The counts, in the order of {@link #LABELS}. */
    public List<Long> counts() {
        return List.of(under100ms, from100To500ms, from500To1000ms, from1000To2000ms, over2000ms, failed);
    }

    /** Label to count, in table order. */
    public Map<String, Long> byLabel() {
        Map<String, Long> map = new LinkedHashMap<>();
        List<Long> counts = counts();
        for (int i = 0; i < LABELS.size(); i++) {
            map.put(LABELS.get(i), counts.get(i));
        }
        return map;
    }

    /** Every connection counted, failed ones included. */
    public long total() {
        return under100ms + from100To500ms + from500To1000ms + from1000To2000ms + over2000ms + failed;
    }
}
