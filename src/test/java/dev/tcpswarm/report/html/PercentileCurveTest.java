package dev.tcpswarm.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpswarm.stats.ConnectionTracker;
import java.util.List;
import java.util.NavigableSet;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The percentile plot's points: the histogram's own values at the percentiles the JSON result names, out to the maximum. */
class PercentileCurveTest {

    @Test
    void tenStepsADecadeOutToTheDecadePastTheCountWithTheMedianAndTheQuartile() {
        NavigableSet<Double> levels = PercentileCurve.levels(1000);
        for (double p : List.of(0.0, 50.0, 75.0, 90.0, 99.0, 99.9, 99.99)) {
            assertTrue(levels.contains(p), p + " in " + levels);
        }
        assertEquals(4 * PercentileCurve.STEPS_PER_DECADE + 1 + 2, levels.size());
        assertEquals(99.99, levels.last(), 1e-9);
        assertEquals(90.0, PercentileCurve.levels(1).last(), 1e-9, "one value: one decade");
        assertEquals(100 - 1e-5, PercentileCurve.levels(Long.MAX_VALUE).last(), 1e-9, "at most seven decades");
    }

    @Test
    void theValuesAreTheHistogramsOwnInMillisecondsAndEmptyMeansNull() {
        Histogram micros = ConnectionTracker.newHistogram();
        for (int v = 1; v <= 1000; v++) {
            micros.recordValue(v * 37L);
        }
        Histogram empty = ConnectionTracker.newHistogram();
        JsonNode curve = PercentileCurve.of(List.of("a", "none"), List.of(micros, empty));
        JsonNode levels = curve.get("percentile");
        assertEquals(levels.size(), curve.get("a").size());
        assertEquals(levels.size(), curve.get("one_in").size());
        for (int i = 0; i < levels.size(); i++) {
            double p = levels.get(i).asDouble();
            assertEquals(micros.getValueAtPercentile(p) / 1000.0, curve.get("a").get(i).asDouble(), 0, "at " + p);
            assertEquals(100 / (100 - p), curve.get("one_in").get(i).asDouble(), 1e-9);
            assertTrue(curve.get("none").get(i).isNull());
        }
        JsonNode a = curve.get("a");
        assertEquals(micros.getMaxValue() / 1000.0, a.get(a.size() - 1).asDouble(), 0, "the tail ends at the maximum");
        for (int i = 1; i < a.size(); i++) {
            assertTrue(a.get(i).asDouble() >= a.get(i - 1).asDouble(), "never falls");
        }
    }
}
