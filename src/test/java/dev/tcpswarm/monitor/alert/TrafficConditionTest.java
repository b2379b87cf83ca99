package dev.tcpswarm.monitor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.monitor.TrafficWindow;
import dev.tcpswarm.monitor.config.AlertConfig;
import dev.tcpswarm.monitor.config.AlertConfig.Measure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An access log's alert conditions on its window, and their messages (HttpMonitor's words where it had them). */
class TrafficConditionTest {
    private static final long T = 1549573980; // 2019-02-07T21:13:00Z

    private static TrafficWindow window(long hits, long errors, long api, boolean full) {
        return new TrafficWindow("web", T, 120, hits, errors, Map.of("/api", api), full);
    }

    private static ConditionResult check(Measure m, String section, boolean above, double limit, long minHits,
            TrafficWindow w) {
        return AlertConditions.traffic("web", new AlertConfig.TrafficCondition(m, section, above, limit, minHits), w);
    }

    @Test
    void theRequestRateAboveTheThresholdSpeaksAsHttpMonitor() {
        ConditionResult high = check(Measure.REQUESTS_PER_SECOND, null, true, 10, 0, window(1201, 0, 0, true));
        assertTrue(high.bad());
        assertEquals("web: High traffic generated an alert - hits = 1201, triggered at 2019-02-07T21:13:00Z"
                + " (10.01/s > 10/s over 120 s)", ConditionText.of(high));
        assertEquals("10.01/s", ConditionText.value(high));
        ConditionResult normal = check(Measure.REQUESTS_PER_SECOND, null, true, 10, 0, window(1200, 0, 0, true));
        assertFalse(normal.bad(), "exactly the threshold is not above it");
        assertEquals("web: Traffic back to normal - hits = 1200, recovered at 2019-02-07T21:13:00Z"
                + " (10.00/s <= 10/s over 120 s)", ConditionText.of(normal));
    }

    @Test
    void aFloorWaitsForAFullWindowAndARatioForItsHits() {
        assertFalse(check(Measure.REQUESTS_PER_SECOND, null, false, 1, 0, window(10, 0, 0, false)).bad(),
                "a log read for less than a window is not 'stopped'");
        ConditionResult stopped = check(Measure.REQUESTS_PER_SECOND, null, false, 1, 0, window(10, 0, 0, true));
        assertTrue(stopped.bad());
        assertEquals("web: Low traffic generated an alert - hits = 10, triggered at 2019-02-07T21:13:00Z"
                + " (0.08/s < 1/s over 120 s)", ConditionText.of(stopped));
        assertFalse(check(Measure.STATUS_5XX_RATIO, null, true, 0.05, 20, window(19, 19, 0, true)).bad(),
                "19 hits, fewer than min_hits");
        ConditionResult errors = check(Measure.STATUS_5XX_RATIO, null, true, 0.05, 20, window(200, 11, 0, true));
        assertTrue(errors.bad());
        assertEquals("web: High 5xx ratio generated an alert - 5xx = 11 of 200 hits (5.5%), triggered at"
                + " 2019-02-07T21:13:00Z (5.5% > 5% over 120 s)", ConditionText.of(errors));
        assertEquals("5.5%", ConditionText.value(errors));
        assertFalse(check(Measure.STATUS_5XX_RATIO, null, true, 0.05, 20, window(200, 10, 0, true)).bad());
    }

    @Test
    void aSectionsRateCountsOnlyItsSection() {
        ConditionResult api = check(Measure.SECTION_RATE, "/api", true, 2, 0, window(5000, 0, 241, true));
        assertTrue(api.bad());
        assertEquals("web: High traffic on /api generated an alert - hits = 241, triggered at 2019-02-07T21:13:00Z"
                + " (2.01/s > 2/s over 120 s)", ConditionText.of(api));
        assertFalse(check(Measure.SECTION_RATE, "/report", true, 2, 0, window(5000, 0, 241, true)).bad());
    }

    @Test
    void beforeTheFirstFinalSecondNothingFires() {
        ConditionResult none = check(Measure.REQUESTS_PER_SECOND, null, false, 1, 0, null);
        assertFalse(none.bad());
        assertEquals("web: no line read yet", ConditionText.of(none));
        assertEquals("", ConditionText.value(none));
    }
}
