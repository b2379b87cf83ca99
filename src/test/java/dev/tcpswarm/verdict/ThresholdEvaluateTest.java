package dev.tcpswarm.verdict;

import static dev.tcpswarm.verdict.TrackerRuns.closeByPeer;
import static dev.tcpswarm.verdict.TrackerRuns.establish;
import static dev.tcpswarm.verdict.TrackerRuns.establishLate;
import static dev.tcpswarm.verdict.TrackerRuns.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdEvaluateTest {

    /**
     * Ten slots: eight established in 100, 200, ... 800 microseconds, one timeout, one refused; the
     * server then closes one connection. The eight were paced, the last three of them started 1.1 ms
     * late: from their planned start they took 1700, 1800 and 1900 microseconds. The connections
     * were established within 250 ms, so connect_rate is 32/s; the ten attempts started within
     * 300 ms, so attempt_rate is 30/s.
     */
    private static final RunResult RUN = sampleRun();

    private static RunResult sampleRun() {
        ConnectionTracker tracker = new ConnectionTracker(10);
        establishLate(tracker, 0, 100, 200, 300, 400, 500);
        establishLate(tracker, 1100, 600, 700, 800);
        fail(tracker, ErrorReason.TIMEOUT, ErrorReason.REFUSED);
        closeByPeer(tracker, 1);
        return TrackerRuns.result(TrackerRuns.withDialSpans(tracker.totals(), 250_000_000L, 300_000_000L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // expression                 | metric            | measured text | passed
        "p(99)<1ms                    | p(99)             | 0.800ms       | true",
        "p(99.9)<0.8ms                | p(99.9)           | 0.800ms       | false",
        "p(50)<=400us                 | p(50)             | 0.400ms       | true",
        "p(62.5)==0.5ms               | p(62.5)           | 0.500ms       | true",
        "p(0.5)<=100us                | p(0.5)            | 0.100ms       | true",
        "p(100)>=0.0008s              | p(100)            | 0.800ms       | true",
        "med==400us                   | med               | 0.400ms       | true",
        "avg==450us                   | avg               | 0.450ms       | true",
        "avg<0.45                     | avg               | 0.450ms       | false",
        "min==0.1ms                   | min               | 0.100ms       | true",
        "max<1s                       | max               | 0.800ms       | true",
        "established>=8               | established       | 8             | true",
        "established>=9               | established       | 8             | false",
        "errors<=2                    | errors            | 2             | true",
        "errors<2                     | errors            | 2             | false",
        "closed==1                    | closed            | 1             | true",
        "max_concurrent==8            | max_concurrent    | 8             | true",
        "attempts==10                 | attempts          | 10            | true",
        "error_rate<=20%              | error_rate        | 20.00%        | true",
        "error_rate<0.2               | error_rate        | 20.00%        | false",
        "error_rate>0.1               | error_rate        | 20.00%        | true",
        "connect_rate>=32             | connect_rate      | 32.0/s        | true",
        "connect_rate>32/s            | connect_rate      | 32.0/s        | false",
        "attempt_rate==30/s           | attempt_rate      | 30.0/s        | true",
        "attempt_rate>30              | attempt_rate      | 30.0/s        | false",
        "planned_p(99)<2ms            | planned_p(99)     | 1.900ms       | true",
        "planned_p(50)<=400us         | planned_p(50)     | 0.400ms       | true",
        "planned_p(75)>0.5ms          | planned_p(75)     | 1.700ms       | true",
        "planned_max==1.9ms           | planned_max       | 1.900ms       | true",
        "planned_avg==862.5us         | planned_avg       | 0.863ms       | true",
        "planned_med==400us           | planned_med       | 0.400ms       | true",
        "planned_min>100us            | planned_min       | 0.100ms       | false",
        "late_starts==3               | late_starts       | 3             | true",
        "late_starts<3                | late_starts       | 3             | false",
        "late_start_rate<30%          | late_start_rate   | 37.50%        | false",
        "late_start_rate<=0.375       | late_start_rate   | 37.50%        | true",
        "errors_timeout==1            | errors_timeout    | 1             | true",
        "errors_refused<1             | errors_refused    | 1             | false",
        "errors_reset==0              | errors_reset      | 0             | true",
        "errors_unreachable==0        | errors_unreachable | 0            | true",
        "errors_ports_exhausted==0    | errors_ports_exhausted | 0        | true",
        "errors_open_files==0         | errors_open_files | 0             | true",
        "errors_deadline==0           | errors_deadline   | 0             | true",
        "errors_other>0               | errors_other      | 0             | false",
    })
    void judgesEveryMetric(String expression, String metric, String measuredText, boolean passed) {
        ThresholdResult r = Threshold.parse(expression).evaluate(RUN);
        assertEquals(new ThresholdResult(expression, metric, r.measured(), measuredText, passed), r);
        assertEquals(passed, Threshold.parse(expression).holds(RUN));
    }

    @Test
    void measuresInTheBaseUnit() {
        assertEquals(800, Threshold.parse("p(99)<1").evaluate(RUN).measured());
        assertEquals(0.2, Threshold.parse("error_rate<1").evaluate(RUN).measured(), 1e-12);
        assertEquals(32, Threshold.parse("connect_rate<1").evaluate(RUN).measured(), 1e-9);
        assertEquals(8, Threshold.parse("established<1").evaluate(RUN).measured());
    }

    /** max is exactly 800 us: each operator on either side of it and on it. */
    @ParameterizedTest
    @CsvSource({
        "max<0.8ms, false", "max<=0.8ms, true", "max<801us, true", "max<=799us, false",
        "max>0.8ms, false", "max>=0.8ms, true", "max>799us, true", "max>=801us, false",
        "max==800us, true", "max==801us, false", "max!=800us, false", "max!=0.801ms, true",
        "errors<2, false", "errors<=2, true", "errors>2, false", "errors>=2, true", "errors==2, true",
        "errors!=2, false", "errors!=3, true", "errors>1, true", "errors<3, true",
        "error_rate<20%, false", "error_rate<=20%, true", "error_rate>=0.2, true", "error_rate>0.2, false",
        "error_rate==20%, true", "error_rate!=20%, false",
    })
    void comparesWithEveryOperatorAtTheBoundary(String expression, boolean passed) {
        assertEquals(passed, Threshold.parse(expression).holds(RUN), expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "p(99)<50ms", "p(99)>=0", "p(50)!=1ms", "avg<1s", "min>=0", "max<1s", "med<1s",
    })
    void failsALatencyThresholdWhenNothingWasEstablished(String expression) {
        failsWhenNothingWasEstablished(expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"planned_p(99)<50ms", "planned_avg<1s", "planned_min>=0", "planned_max<1s",
        "planned_med<1s"})
    void failsAPlannedLatencyThresholdWhenNothingWasEstablished(String expression) {
        failsWhenNothingWasEstablished(expression);
    }

    private static void failsWhenNothingWasEstablished(String expression) {
        ConnectionTracker tracker = new ConnectionTracker(3);
        fail(tracker, ErrorReason.REFUSED, ErrorReason.REFUSED, ErrorReason.TIMEOUT);
        ThresholdResult r = Threshold.parse(expression).evaluate(TrackerRuns.result(tracker));
        assertFalse(r.passed());
        assertEquals("n/a", r.measuredText());
        assertTrue(Double.isNaN(r.measured()));
    }

    @Test
    void countsAndRatesStayDefinedWhenNothingWasEstablished() {
        ConnectionTracker tracker = new ConnectionTracker(2);
        fail(tracker, ErrorReason.REFUSED, ErrorReason.REFUSED);
        RunResult run = TrackerRuns.result(tracker);
        assertEquals("0", Threshold.parse("established>=1").evaluate(run).measuredText());
        assertEquals("100.00%", Threshold.parse("error_rate<1%").evaluate(run).measuredText());
        assertEquals("0.0/s", Threshold.parse("connect_rate>0").evaluate(run).measuredText());
        assertEquals("0.00%", Threshold.parse("late_start_rate<1%").evaluate(run).measuredText(),
                "unpaced: no start can be late");
    }

    @Test
    void showsASmallErrorRateWithEnoughDecimals() {
        ConnectionTracker tracker = new ConnectionTracker(1000);
        fail(tracker, ErrorReason.TIMEOUT);
        for (int i = 0; i < 999; i++) {
            establish(tracker, 1000);
        }
        RunResult run = TrackerRuns.result(tracker);
        ThresholdResult r = Threshold.parse("error_rate<=0.1%").evaluate(run);
        assertEquals("0.10%", r.measuredText());
        assertTrue(r.passed());
        assertFalse(Threshold.parse("error_rate<0.1%").holds(run));
        assertTrue(Threshold.parse("error_rate<0.01").holds(run));
    }

    @Test
    void measuredConnectRateComesFromTheTracker() {
        ConnectionTracker tracker = new ConnectionTracker(3);
        establish(tracker, 100, 100, 100);
        ThresholdResult r = Threshold.parse("connect_rate>0").evaluate(TrackerRuns.result(tracker));
        assertTrue(r.measuredText().matches("\\d+\\.\\d/s"), r.measuredText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "LATENCY    | 12345        | 12.345ms",
        "LATENCY    | 450.5        | 0.451ms",
        "LATENCY    | 0            | 0.000ms",
        "RATIO      | 0.001        | 0.10%",
        "RATIO      | 0.2          | 20.00%",
        "RATIO      | 0.000015     | 0.0015%",
        "RATIO      | 0.0000012345 | 0.00012%",
        "RATIO      | 0            | 0.00%",
        "RATIO      | 1            | 100.00%",
        "PER_SECOND | 31234.5      | 31234.5/s",
        "PER_SECOND | 31234.56     | 31234.6/s",
        "COUNT      | 42           | 42",
        "COUNT      | NaN          | n/a",
    })
    void formatsMeasuredValuesForPeople(Metric.Kind kind, double value, String text) {
        assertEquals(text, kind.format(value));
    }

    @Test
    void evaluatesAllInOrder() {
        List<Threshold> thresholds = List.of(Threshold.parse("p(99)<1ms"), Threshold.parse("errors==0"),
                Threshold.parse("established>=8"));
        List<ThresholdResult> results = Threshold.evaluateAll(thresholds, RUN);
        assertEquals(List.of("p(99)<1ms", "errors==0", "established>=8"),
                results.stream().map(ThresholdResult::expression).toList());
        assertEquals(List.of(true, false, true), results.stream().map(ThresholdResult::passed).toList());
        assertFalse(Threshold.allPassed(results));
        assertTrue(Threshold.allPassed(List.of(results.get(0), results.get(2))));
        assertTrue(Threshold.allPassed(Threshold.evaluateAll(List.of(), RUN)));
    }
}
