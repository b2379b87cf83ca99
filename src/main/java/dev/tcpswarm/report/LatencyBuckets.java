package dev.tcpswarm.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Connections per connect-latency range (tcpgoon's table), counted in one place so that the JSON
 * result and the human report always agree. Each range includes its lower bound and excludes its
 * upper one; a histogram bucket is placed by its highest equivalent value, the same value
 * HdrHistogram reports for percentiles, so a bucket straddling a bound lands in the upper range.
 *
 * @param failed connect attempts that failed (no latency to place)
 */
public record LatencyBuckets(long under100ms, long from100To500ms, long from500To1000ms, long from1000To2000ms,
        long over2000ms, long failed) {

    /** The labels, in the order of {@link #counts()}. */
    public static final List<String> LABELS =
            List.of("0-100ms", "100-500ms", "500-1000ms", "1000-2000ms", ">2000ms", "failed");

    private static final long MS_100 = TimeUnit.MILLISECONDS.toMicros(100);
    private static final long MS_500 = TimeUnit.MILLISECONDS.toMicros(500);
    private static final long MS_1000 = TimeUnit.MILLISECONDS.toMicros(1000);
    private static final long MS_2000 = TimeUnit.MILLISECONDS.toMicros(2000);

    /** Counts a connect-latency histogram whose values are microseconds. */
    public static LatencyBuckets of(AbstractHistogram connectMicros, long failed) {
        long[] counts = new long[5];
        for (HistogramIterationValue v : connectMicros.recordedValues()) {
            counts[rangeOf(v.getValueIteratedTo())] += v.getCountAtValueIteratedTo();
        }
        return new LatencyBuckets(counts[0], counts[1], counts[2], counts[3], counts[4], failed);
    }

    private static int rangeOf(long micros) {
        if (micros < MS_100) {
            return 0;
        }
        if (micros < MS_500) {
            return 1;
        }
        if (micros < MS_1000) {
            return 2;
        }
        return micros < MS_2000 ? 3 : 4;
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
