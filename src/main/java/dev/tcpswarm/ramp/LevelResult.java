package dev.tcpswarm.ramp;

import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.Metric;
import dev.tcpswarm.verdict.Threshold;
import dev.tcpswarm.verdict.ThresholdResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One level of the ramp, or one fresh attempt of the refining search, once held and judged, and
 * whether it passed.
 *
 * <p>The rule: a level is judged on what it added, plus the health of everything held. How
 * connecting went (latencies, errors, error rate, attempts, rates, late starts) is measured over
 * the connections this level added, so that the earlier levels, already judged, do not dilute it.
 * The state of what is held ({@code established}; {@code closed}: the server closed or reset them;
 * {@code max_concurrent}: the most established at once, measured, not added up) is measured over
 * every connection held, the earlier levels' included; so is the traffic on them ({@code --message}:
 * messages, answers, bytes, response latency), counted over the level's own hold, and under the
 * default rule an answer missing (a response timeout) fails the level. A fresh attempt holds only
 * what it added.
 *
 * @param phase a ramp level or a fresh (bisection) attempt
 * @param target the concurrency aimed at
 * @param added the connections this level added, as one run
 * @param held every connection held at that point, as one run (for a ramp level, the earlier
 *     levels' too; its {@code maxConcurrent} is the true peak across all of them)
 * @param failWhen each --fail-when expression judged (over {@code added} or {@code held} as its
 *     metric says); empty under the default rule
 * @param passed whether the level held
 * @param failure why it failed, as a person reads it (e.g. {@code reset by peer}); null when it
 *     passed or was interrupted
 * @param localLimit the limit on this machine that connections ran into, or null for none
 * @param interrupted Ctrl-C or SIGTERM stopped the search during this level: it was not judged, and
 *     its figures are those it had when dialing stopped
 */
public record LevelResult(Phase phase, int target, RunResult added, RunResult held, List<ThresholdResult> failWhen,
        boolean passed, String failure, ErrorReason localLimit, boolean interrupted) {

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
     * Judges a level by the rule above. Under the default rule (no {@code failWhen}) an error among
     * the attempts it added, or any held connection the server closed, fails it; otherwise it fails
     * when an expression holds, or cannot be measured (a latency with no connection established).
     * Errors for a local reason are noted either way.
     */
    public static LevelResult judge(Phase phase, int target, RunResult added, RunResult held,
            List<Threshold> failWhen) {
        ErrorReason local = localLimit(added.totals());
        if (failWhen.isEmpty()) {
            boolean trouble = added.counts().error() > 0 || held.counts().closed() > 0
                    || held.totals().messages().timeouts() > 0;
            return new LevelResult(phase, target, added, held, List.of(), !trouble,
                    trouble ? troubleSummary(added.totals(), held.totals()) : null, local, false);
        }
        List<ThresholdResult> judged = new ArrayList<>();
        for (Threshold t : failWhen) {
            judged.add(t.evaluate(judgedOn(t.metric(), added, held)));
        }
        List<String> holding = new ArrayList<>();
        for (ThresholdResult r : judged) {
            if (r.passed() || Double.isNaN(r.measured())) {
                holding.add(r.expression() + " (" + r.measuredText() + ")");
            }
        }
        return new LevelResult(phase, target, added, held, judged, holding.isEmpty(),
                holding.isEmpty() ? null : String.join(", ", holding), local, false);
    }

    /** A level a stop request cut short: not judged, with its figures as they were. */
    public static LevelResult interrupted(Phase phase, int target, RunResult added, RunResult held) {
        return new LevelResult(phase, target, added, held, List.of(), false, null, localLimit(added.totals()), true);
    }

    /** Which of the two a metric is judged on: {@code held} for the health of held connections, else {@code added}. */
    public static RunResult judgedOn(Metric metric, RunResult added, RunResult held) {
        return metric.aboutHeldConnections() ? held : added;
    }

    /**
     * The trouble seen, most frequent first: {@code reset by peer}, {@code connect timeout, closed by
     * the server}: the errors among the attempts added, and the closes among everything held.
     */
    static String troubleSummary(TrackerTotals added, TrackerTotals held) {
        Map<String, Long> byWhat = new LinkedHashMap<>();
        for (ErrorReason r : ErrorReason.values()) {
            if (added.errors(r) > 0) {
                byWhat.merge(r.description(), added.errors(r), Long::sum);
            }
        }
        if (held.closedByReset() > 0) {
            byWhat.merge(ErrorReason.RESET.description(), held.closedByReset(), Long::sum);
        }
        long closedInOrder = held.counts().closed() - held.closedByReset();
        if (closedInOrder > 0) {
            byWhat.merge("closed by the server", closedInOrder, Long::sum);
        }
        long unanswered = held.messages().timeouts();
        if (unanswered > 0) {
            byWhat.merge("no answer within the response timeout", unanswered, Long::sum);
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
