package dev.tcpswarm.monitor.alert;

import dev.tcpswarm.monitor.Comparison;
import dev.tcpswarm.monitor.ResultWindow;
import dev.tcpswarm.monitor.ServiceState;
import dev.tcpswarm.monitor.Standing;
import dev.tcpswarm.monitor.TrafficWindow;
import dev.tcpswarm.monitor.config.AlertConfig;

/**
 * Checks an alert's condition against its target, without text: the {@link ConditionResult} says
 * whether it holds and on what figures. Pure; the pipeline thread.
 */
public final class AlertConditions {
    private AlertConditions() {
    }

    /** True when a target in {@code state} is one the state condition {@code when} fires on. */
    public static boolean matches(AlertConfig.When when, ServiceState state) {
        return switch (when) {
            case DOWN -> state == ServiceState.DOWN;
            case DEGRADED -> state == ServiceState.DOWN || state == ServiceState.DEGRADED;
            case NOT_UP -> state == ServiceState.DOWN || state == ServiceState.DEGRADED; // UNKNOWN, MAINTENANCE: no failure
        };
    }

    /** The check of {@code alert} at {@code nowNanos}. */
    public static ConditionResult check(AlertConfig alert, AlertTargets targets, long nowNanos) {
        String target = alert.target();
        if (alert.condition() instanceof AlertConfig.StateCondition sc) {
            Standing standing = targets.standing(target);
            return new ConditionResult.OfState(target, sc.when(), standing.state(), standing.reason(),
                    matches(sc.when(), standing.state()));
        }
        if (alert.condition() instanceof AlertConfig.TrafficCondition tc) {
            return traffic(target, tc, targets.traffic(target));
        }
        AlertConfig.WindowCondition wc = (AlertConfig.WindowCondition) alert.condition();
        ResultWindow.Stats stats = targets.window(target, nowNanos - wc.overNanos());
        int measured = wc.stat().isRatio() ? stats.count() : stats.open();
        if (measured == 0) {
            return new ConditionResult.OfWindow(target, wc, stats.count(), 0, stats.spanNanos(), stats.covered(),
                    Double.NaN, false);
        }
        double value = switch (wc.stat()) {
            case SUCCESS_RATIO -> stats.successRatio();
            case FAILURE_RATIO -> 1 - stats.successRatio();
            case AVG -> stats.average();
            default -> stats.percentile(wc.stat().percentile());
        };
        double limit = wc.stat().isRatio() ? wc.limit() : (long) wc.limit();
        return new ConditionResult.OfWindow(target, wc, stats.count(), measured, stats.spanNanos(), stats.covered(), value,
                Comparison.of(wc.above()).passes(value, limit));
    }

    /**
     * An access log's measure over its window: a floor is judged only on a full window (not while
     * the log has been read for less than one), a 5xx share only on {@code min_hits} requests.
     */
    static ConditionResult traffic(String target, AlertConfig.TrafficCondition c, TrafficWindow w) {
        if (w == null) {
            return new ConditionResult.OfTraffic(target, c, null, Double.NaN, false);
        }
        double value = switch (c.measure()) {
            case REQUESTS_PER_SECOND -> w.requestsPerSecond();
            case STATUS_5XX_RATIO -> w.serverErrorRatio();
            case SECTION_RATE -> w.sectionRate(c.section());
        };
        boolean judged = switch (c.measure()) {
            case STATUS_5XX_RATIO -> w.hits() >= Math.max(1, c.minHits());
            default -> c.above() || w.full();
        };
        return new ConditionResult.OfTraffic(target, c, w, value,
                judged && Comparison.of(c.above()).passes(value, c.limit()));
    }
}
