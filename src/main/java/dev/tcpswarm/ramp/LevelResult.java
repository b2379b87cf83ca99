package dev.tcpswarm.ramp;

import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.Threshold;
import dev.tcpswarm.verdict.ThresholdResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One level of the ramp, or one fresh attempt of the refining search, once held and judged: every
 * connection held at that point seen as one run, and whether it passed.
 *
 * @param phase a ramp level or a fresh (bisection) attempt
 * @param target the concurrency aimed at
 * @param view all connections of the level as one run (for a ramp level, the earlier levels' too)
 * @param failWhen each --fail-when expression judged against the view; empty under the default rule
 * @param passed whether the level held
 * @param failure why it failed, as a person reads it (e.g. {@code reset by peer}); null when it passed
 * @param localLimit the limit on this machine that connections ran into, or null for none
 */
public record LevelResult(Phase phase, int target, RunResult view, List<ThresholdResult> failWhen, boolean passed,
        String failure, ErrorReason localLimit) {

    /** Where in the search a level was held. */
    public enum Phase {
        /** Connections added on top of the earlier levels'. */
        RAMP("ramp"),
        /** A fresh attempt between the last good and the first failed level. */
        BISECT("bisect");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public LevelResult {
        failWhen = List.copyOf(failWhen);
    }

    /**
     * Judges a level. Under the default rule (no {@code failWhen}) any error or any connection the
     * server closed fails it; otherwise it fails when an expression holds, or cannot be measured (a
     * latency with no connection established). Errors for a local reason are noted either way.
     */
    public static LevelResult judge(Phase phase, int target, RunResult view, List<Threshold> failWhen) {
        TrackerTotals t = view.totals();
        ErrorReason local = localLimit(t);
        if (failWhen.isEmpty()) {
            boolean trouble = t.counts().error() > 0 || t.counts().closed() > 0;
            return new LevelResult(phase, target, view, List.of(), !trouble, trouble ? troubleSummary(t) : null, local);
        }
        List<ThresholdResult> judged = Threshold.evaluateAll(failWhen, view);
        List<String> held = new ArrayList<>();
        for (ThresholdResult r : judged) {
            if (r.passed() || Double.isNaN(r.measured())) {
                held.add(r.expression() + " (" + r.measuredText() + ")");
            }
        }
        return new LevelResult(phase, target, view, judged, held.isEmpty(),
                held.isEmpty() ? null : String.join(", ", held), local);
    }

    /** The trouble seen, most frequent first: {@code reset by peer}, {@code connect timeout, closed by the server}. */
    static String troubleSummary(TrackerTotals t) {
        Map<String, Long> byWhat = new LinkedHashMap<>();
        for (ErrorReason r : ErrorReason.values()) {
            if (t.errors(r) > 0) {
                byWhat.merge(r.description(), t.errors(r), Long::sum);
            }
        }
        if (t.closedByReset() > 0) {
            byWhat.merge(ErrorReason.RESET.description(), t.closedByReset(), Long::sum);
        }
        long closedInOrder = t.counts().closed() - t.closedByReset();
        if (closedInOrder > 0) {
            byWhat.merge("closed by the server", closedInOrder, Long::sum);
        }
        return String.join(", ", byWhat.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .map(Map.Entry::getKey).toList());
    }

    private static ErrorReason localLimit(TrackerTotals t) {
        ErrorReason most = null;
        for (ErrorReason r : ErrorReason.values()) {
            if (r.isLocal() && t.errors(r) > 0 && (most == null || t.errors(r) > t.errors(most))) {
                most = r;
            }
        }
        return most;
    }
}
