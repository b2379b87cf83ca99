package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.util.List;

/**
 * One pass/fail rule on a run, k6 style ({@code p(99)<50ms}, {@code error_rate<=0.1%}): what the CI
 * gate ({@code --threshold}) and the capacity search ({@code ramp --fail-when}) judge a run by.
 *
 * @param expression the expression as the user wrote it (without leading or trailing whitespace)
 * @param metric what it measures
 * @param operator how the measured value must compare to {@code value}
 * @param value the limit in the metric's base unit: microseconds for latencies, a fraction 0..1 for
 *     error_rate, connections per second for connect_rate, a count otherwise
 */
public record Threshold(String expression, Metric metric, Operator operator, double value) {

    public Threshold {
        if (expression == null || metric == null || operator == null) {
            throw new IllegalArgumentException("expression, metric and operator are required");
        }
    }

    /**
     * Parses {@code METRIC OP VALUE[UNIT]}.
     *
     * @throws ThresholdSyntaxException with a one-line message that names the bad part
     */
    public static Threshold parse(String expression) {
        return ThresholdParser.parse(expression);
    }

    /** Judges the run. A latency threshold fails (measured {@code n/a}) when no connection was established. */
    public ThresholdResult evaluate(RunResult run) {
        double measured = metric.measure(run);
        boolean passed = !Double.isNaN(measured) && operator.test(measured, value);
        return new ThresholdResult(expression, metric.canonicalName(), measured, metric.kind().format(measured),
                passed);
    }

    public boolean holds(RunResult run) {
        return evaluate(run).passed();
    }

    /**
     * True only when it is certain the threshold will fail however the rest of the run goes, so that
     * --abort-on-fail can stop early. False whenever in doubt: most latency statistics and
     * connect_rate are never certain before the end.
     *
     * @param live the tracker's totals so far
     * @param maxAttempts the most connect attempts the whole run can make: its planned connections
     *     when each is dialled once; {@link Long#MAX_VALUE} when reconnects can add attempts without
     *     limit. A bound that {@code live} already exceeds counts as no bound.
     */
    public boolean cannotPassAnyMore(TrackerTotals live, long maxAttempts) {
        return FinalValueRange.of(metric, live, maxAttempts).excludes(operator, value);
    }

    /** Each threshold judged against the run, in order. */
    public static List<ThresholdResult> evaluateAll(List<Threshold> thresholds, RunResult run) {
        return thresholds.stream().map(t -> t.evaluate(run)).toList();
    }

    /** True when every result passed (and so for none). */
    public static boolean allPassed(List<ThresholdResult> results) {
        return results.stream().allMatch(ThresholdResult::passed);
    }

    @Override
    public String toString() {
        return expression;
    }
}
