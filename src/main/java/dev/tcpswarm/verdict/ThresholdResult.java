package dev.tcpswarm.verdict;

/**
 * One threshold judged against a run.
 *
 * @param expression the expression as the user wrote it, e.g. {@code p(99)<50ms}
 * @param metric the metric's canonical name, e.g. {@code p(99)}
 * @param measured the measured value in the metric's base unit (microseconds for latencies, a
 *     fraction 0..1 for rates, connections per second for connect_rate, a count otherwise)
 * @param measuredText the measured value as a person reads it, e.g. {@code 12.345ms} or {@code 0.10%}
 * @param passed whether the expression holds
 */
public record ThresholdResult(String expression, String metric, double measured, String measuredText,
        boolean passed) {
}
