package dev.tcpswarm.monitor.alert;

import dev.tcpswarm.monitor.Comparison;
import dev.tcpswarm.monitor.ServiceState;
import dev.tcpswarm.monitor.TrafficWindow;
import dev.tcpswarm.monitor.config.AlertConfig;

/**
 * What one check of an alert's condition found, as data (as Gatus keeps a condition's result apart
 * from its text): whether it holds, and the figures it was decided on. {@link ConditionText} makes
 * the message. Immutable; made on the pipeline thread.
 */
public sealed interface ConditionResult permits ConditionResult.OfState, ConditionResult.OfWindow,
        ConditionResult.OfTraffic {
    /** The condition holds: the alert counts this check as bad. */
    boolean bad();

    /** The service or group checked. */
    String target();

    /**
     * A {@code when: down|degraded|not_up} check.
     *
     * @param state the target's state at the check
     * @param reason why it is in that state
     */
    record OfState(String target, AlertConfig.When when, ServiceState state, String reason, boolean bad)
            implements ConditionResult {
    }

    /**
     * A {@code when: {stat, over, above|below}} check.
     *
     * @param probes probes in the window
     * @param measured probes the statistic is over: the open ones for latencies, all for ratios
     * @param spanNanos from the window's first probe to its last (0 for one probe)
     * @param covered probing began before the window: the figures are over all of it
     * @param value the statistic (nanoseconds, or 0-1); meaningless when {@code measured} is 0
     */
    record OfWindow(String target, AlertConfig.WindowCondition condition, int probes, int measured, long spanNanos,
            boolean covered, double value, boolean bad) implements ConditionResult {

        public Comparison comparison() {
            return Comparison.of(condition.above());
        }
    }

    /**
     * An access log's check: {@code {stat: requests_per_second | status_5xx_ratio | section_rate}}.
     *
     * @param window the log's window as of its newest final second; null before the first
     * @param value the measure (requests per second, or the 5xx share 0-1); NaN without a window
     */
    record OfTraffic(String target, AlertConfig.TrafficCondition condition, TrafficWindow window, double value,
            boolean bad) implements ConditionResult {
    }
}
