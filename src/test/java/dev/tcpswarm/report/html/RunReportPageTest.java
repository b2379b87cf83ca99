package dev.tcpswarm.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.IntervalPoint;
import dev.tcpswarm.stats.StatusCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run page's timeline columns, from intervals made here: the rates, and the errors by reason over time. */
class RunReportPageTest {
    private static final long START = 1_000_000;

    /** The run's start, then intervals of these lengths (ms), each establishing and failing as given. */
    private static List<IntervalPoint> intervals(long[] lengths, long[] established, List<Map<ErrorReason, Long>> errors) {
        List<IntervalPoint> points = new ArrayList<>();
        points.add(new IntervalPoint(START, START, new StatusCounts(2000, 0, 0, 0, 0, 2000), 0, 0, 0,
                Map.of(), Map.of()));
        long at = START;
        long open = 0;
        long failed = 0;
        for (int i = 0; i < lengths.length; i++) {
            open += established[i];
            Map<ErrorReason, Long> e = errors == null ? null : errors.get(i);
            failed += e == null ? 0 : e.values().stream().mapToLong(Long::longValue).sum();
            points.add(new IntervalPoint(at, at + lengths[i], new StatusCounts(2000, 0, open, 0, failed,
                    2000 - open - failed), established[i], established[i], 0, Map.of(), e));
            at += lengths[i];
        }
        return points;
    }

    /**
     * A run that ends 5 ms after a tick: alone, that last interval would say 0 established per
     * second (none in 5 ms) and draw a drop that did not happen. It is taken with the one before:
     * 80 in 205 ms.
     */
    @Test
    void aShortLastIntervalDrawsNoFalseDrop() {
        List<IntervalPoint> points = intervals(new long[] {200, 200, 200, 5}, new long[] {80, 80, 80, 0}, null);
        ObjectNode t = RunReportPage.timeline(points, START, List.of(), false);
        JsonNode rate = t.get("established_per_second");
        assertEquals(400.0, rate.get(1).asDouble(), 1e-9);
        assertEquals(400.0, rate.get(2).asDouble(), 1e-9);
        assertEquals(80 * 1000.0 / 205, rate.get(3).asDouble(), 1e-9, "the last two together");
        assertEquals(80 * 1000.0 / 205, rate.get(4).asDouble(), 1e-9, "not 0: " + rate);
        assertEquals(80 * 1000.0 / 205, t.get("started_per_second").get(4).asDouble(), 1e-9);

        ObjectNode whole = RunReportPage.timeline(intervals(new long[] {200, 200, 150}, new long[] {80, 80, 0}, null),
                START, List.of(), false);
        assertEquals(0.0, whole.get("established_per_second").get(3).asDouble(), "a last interval of 150 ms is "
                + "long enough to say that nothing was established in it");
    }

    /** The failed attempts per second of each reason that failed any, interval by interval. */
    @Test
    void errorsByReasonOverTime() {
        List<IntervalPoint> points = intervals(new long[] {500, 500, 500}, new long[] {0, 0, 0}, List.of(
                Map.of(ErrorReason.REFUSED, 10L), Map.of(ErrorReason.REFUSED, 5L, ErrorReason.TIMEOUT, 20L), Map.of()));
        JsonNode errors = RunReportPage.timeline(points, START, List.of(), false).get("errors_per_second");
        assertEquals(List.of("refused", "timeout"), fieldNames(errors), "only the reasons that failed any");
        assertEquals(List.of(0.0, 20.0, 10.0, 0.0), doubles(errors.get("refused")));
        assertEquals(List.of(0.0, 0.0, 40.0, 0.0), doubles(errors.get("timeout")));
    }

    /** Merge's intervals (from interval logs) keep no reasons: all reasons are one column, from the error count. */
    @Test
    void intervalsWithoutReasonsGiveAllErrorsAsOneColumn() {
        List<Map<ErrorReason, Long>> unknown = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            unknown.add(null);
        }
        List<IntervalPoint> points = intervals(new long[] {500, 500, 500}, new long[] {0, 0, 0}, unknown);
        List<IntervalPoint> failing = new ArrayList<>(points.subList(0, 2));
        IntervalPoint p = points.get(2);
        failing.add(new IntervalPoint(p.startEpochMillis(), p.endEpochMillis(), new StatusCounts(2000, 0, 0, 0, 7,
                1993), 7, 0, 0, Map.of(), null));
        JsonNode errors = RunReportPage.timeline(failing, START, List.of(), false).get("errors_per_second");
        assertEquals(List.of("all"), fieldNames(errors));
        assertEquals(List.of(0.0, 0.0, 14.0), doubles(errors.get("all")));
        JsonNode none = RunReportPage.timeline(points, START, List.of(), false).get("errors_per_second");
        assertFalse(none.fieldNames().hasNext(), "nothing failed: no column " + none);
        assertTrue(none.isObject());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Double> doubles(JsonNode column) {
        List<Double> values = new ArrayList<>();
        column.forEach(v -> values.add(v.asDouble()));
        return values;
    }
}
