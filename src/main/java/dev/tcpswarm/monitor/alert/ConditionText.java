package dev.tcpswarm.monitor.alert;

import dev.tcpswarm.monitor.Comparison;
import dev.tcpswarm.monitor.Figures;
import dev.tcpswarm.monitor.TrafficWindow;
import dev.tcpswarm.traffic.TrafficRule;
import dev.tcpswarm.monitor.config.AlertConfig;

/**
 * An alert's message from its {@link ConditionResult}: {@code db DOWN (3 consecutive timeouts)},
 * {@code api avg 233 ms > 200 ms over 2m}. The one place the figures and the operator become text.
 * Pure.
 */
public final class ConditionText {
    private ConditionText() {
    }

    public static String of(ConditionResult result) {
        if (result instanceof ConditionResult.OfState s) {
            return s.target() + " " + s.state() + " (" + s.reason() + ")";
        }
        if (result instanceof ConditionResult.OfTraffic t) {
            return traffic(t);
        }
        ConditionResult.OfWindow w = (ConditionResult.OfWindow) result;
        AlertConfig.WindowCondition c = w.condition();
        String over = " " + Figures.over(c.overNanos(), w.probes(), w.spanNanos(), w.covered());
        if (w.measured() == 0) {
            return w.target() + (c.stat().isRatio() ? " no probes" : " no open probes") + over;
        }
        String op = w.comparison().operator(w.bad());
        if (c.stat().isRatio()) {
            return w.target() + " " + c.stat().key() + " " + Figures.percent(w.value()) + op
                    + Figures.limitPercent(c.limit()) + over;
        }
        return w.target() + " " + c.stat().key() + " " + Figures.millis(Math.round(w.value())) + op
                + Figures.millis((long) c.limit()) + over;
    }

    /**
     * The figure the rule judged, as the message gives it ({@code 233 ms}, {@code 12.5%},
     * {@code 20.00/s}); empty for a state rule and when there was nothing to measure.
     */
    public static String value(ConditionResult result) {
        if (result instanceof ConditionResult.OfWindow w && w.measured() > 0) {
            return w.condition().stat().isRatio() ? Figures.percent(w.value()) : Figures.millis(Math.round(w.value()));
        }
        if (result instanceof ConditionResult.OfTraffic t && t.window() != null) {
            return t.condition().measure() == AlertConfig.Measure.STATUS_5XX_RATIO ? Figures.percent(t.value())
                    : String.format(java.util.Locale.ROOT, "%.2f/s", t.value());
        }
        return "";
    }

    /**
     * An access log's: HttpMonitor's own words where the tool has them ({@code web: High traffic
     * generated an alert - hits = 2400, triggered at 2019-02-07T21:13:00Z}), and the figure against
     * the limit ({@code (20.00/s > 10/s over 120 s)}); the time is the window's newest final second.
     */
    static String traffic(ConditionResult.OfTraffic t) {
        AlertConfig.TrafficCondition c = t.condition();
        TrafficWindow w = t.window();
        if (w == null) {
            return t.target() + ": no line read yet";
        }
        boolean ratio = c.measure() == AlertConfig.Measure.STATUS_5XX_RATIO;
        TrafficRule rule = switch (c.measure()) {
            case REQUESTS_PER_SECOND -> c.above() ? TrafficRule.highTraffic(c.limit()) : TrafficRule.lowTraffic(c.limit());
            case STATUS_5XX_RATIO -> c.above() ? TrafficRule.serverErrors(c.limit(), c.minHits()) : null;
            case SECTION_RATE -> c.above() ? TrafficRule.sectionTraffic(c.section(), c.limit()) : null;
        };
        String time = java.time.Instant.ofEpochSecond(w.second()).toString();
        String figure = ratio ? Figures.percent(t.value()) : String.format(java.util.Locale.ROOT, "%.2f/s", t.value());
        String limit = ratio ? Figures.limitPercent(c.limit()) : TrafficRule.number(c.limit()) + "/s";
        String against = figure + Comparison.of(c.above()).operator(t.bad()) + limit + " over " + w.windowSeconds() + " s";
        if (rule == null) {
            return t.target() + " " + c.measure().key() + (c.section() == null ? "" : " " + c.section()) + " " + against
                    + " at " + time;
        }
        long hits = c.measure() == AlertConfig.Measure.SECTION_RATE ? w.sectionHits().getOrDefault(c.section(), 0L)
                : w.hits();
        return t.target() + ": " + rule.message(t.bad(), hits, w.serverErrors(), hits, time) + " (" + against + ")";
    }

    /** The message of a firing held back in favour of {@code group}'s alert. */
    public static String heldBack(String message, String group) {
        return message + "; held back: " + group + " is DOWN";
    }
}
