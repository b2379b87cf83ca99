package dev.tcpswarm.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.HdrHistogram.AbstractHistogram;

/**
 * A latency distribution as HdrHistogram's percentile plot draws it: the value at each percentile,
 * against "one in N" (1 / (1 - percentile)) on a log axis, so that the tail gets as much room as
 * the median. Ten steps per decade (90%, 99%, 99.9% ...) up to the one past the histogram's count,
 * where every value is the maximum, plus 50% and 75%. The values are the histograms' own
 * ({@code getValueAtPercentile}), so 50%, 90%, 99% and 99.9% are the JSON result's p50 ... p99.9.
 * Stateless; any thread.
 */
final class PercentileCurve {
    static final int STEPS_PER_DECADE = 10;
    static final int MOST_DECADES = 7;

    private PercentileCurve() {
    }

    /**
     * The curve of each histogram (microseconds; written in milliseconds, null where a histogram is
     * empty), on common percentiles: {@code percentile}, {@code one_in}, then one column per name.
     */
    static ObjectNode of(List<String> names, List<? extends AbstractHistogram> histograms) {
        long count = 0;
        for (AbstractHistogram h : histograms) {
            count = Math.max(count, h.getTotalCount());
        }
        NavigableSet<Double> levels = levels(count);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode percentile = node.putArray("percentile");
        ArrayNode oneIn = node.putArray("one_in");
        for (double p : levels) {
            percentile.add(p);
            oneIn.add(100.0 / (100.0 - p));
        }
        for (int i = 0; i < names.size(); i++) {
            AbstractHistogram h = histograms.get(i);
            ArrayNode column = node.putArray(names.get(i));
            for (double p : levels) {
                if (h.getTotalCount() == 0) {
                    column.addNull();
                } else {
                    column.add(h.getValueAtPercentile(p) / 1000.0);
                }
            }
        }
        return node;
    }

    /** 0%, then ten steps a decade up to the decade past {@code count} values, and 50% and 75%. */
    static NavigableSet<Double> levels(long count) {
        int decades = count <= 1 ? 1 : (int) Math.min(MOST_DECADES, Math.ceil(Math.log10(count)) + 1);
        NavigableSet<Double> levels = new TreeSet<>(List.of(50.0, 75.0));
        for (int k = 0; k <= decades * STEPS_PER_DECADE; k++) {
            levels.add(100.0 - 100.0 / Math.pow(10, (double) k / STEPS_PER_DECADE));
        }
        return levels;
    }
}
