package dev.tcpswarm.monitor.alert;

import dev.tcpswarm.monitor.Figures;
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

    /** The message of a firing held back in favour of {@code group}'s alert. */
    public static String heldBack(String message, String group) {
        return message + "; held back: " + group + " is DOWN";
    }
}
