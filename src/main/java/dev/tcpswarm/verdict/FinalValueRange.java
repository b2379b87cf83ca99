package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.TrackerTotals;
import org.HdrHistogram.Histogram;

/**
 * Where a metric can still end up, given what a run has counted so far: the basis of
 * --abort-on-fail. Every bound here must be certain; when in doubt a side is left open (infinite),
 * because a wrong bound would abort a run that could have passed.
 *
 * <p>The bounds rest on the tracker's invariants: every attempt resolves at most once, either
 * established or failed ({@code everEstablished + errors <= attempts}); errors (of each reason),
 * attempts, everEstablished, maxConcurrent and lateStarts never decrease (a late start is an attempt,
 * so there are at most as many more as attempts still to come); a Closed connection leaves that
 * state only by a reopen, which is a new attempt.
 *
 * @param lowest the smallest final value possible
 * @param highest the largest final value possible
 * @param neverDefined the metric will certainly have no value (a latency when no connection can be
 *     established any more)
 */
record FinalValueRange(double lowest, double highest, boolean neverDefined) {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final FinalValueRange UNKNOWN = new FinalValueRange(-INF, INF, false);
    private static final FinalValueRange NEVER_DEFINED = new FinalValueRange(-INF, INF, true);

    /**
     * @param maxAttempts the most connect attempts the whole run can make; a bound that {@code live}
     *     already exceeds is taken as no bound at all
     */
    static FinalValueRange of(Metric metric, TrackerTotals live, long maxAttempts) {
        long attempts = live.attempts();
        long max = attempts > maxAttempts ? Long.MAX_VALUE : maxAttempts;
        long established = live.everEstablished();
        long errors = live.counts().error();
        long mostEstablished = max - errors; // no overflow: errors <= attempts <= max

        if (metric.kind() == Metric.Kind.LATENCY) {
            if (mostEstablished == 0) {
                return NEVER_DEFINED;
            }
            Histogram latency = metric.latencyBasis().of(live);
            if (latency.getTotalCount() == 0) {
                return UNKNOWN;
            }
            if (metric == Metric.Named.MAX || metric == Metric.Named.PLANNED_MAX || metric == Metric.Named.TLS_MAX
                    || metric == Metric.Named.RESPONSE_MAX) {
                return new FinalValueRange(latency.getMaxValue(), INF, false);
            }
            if (metric == Metric.Named.MIN || metric == Metric.Named.PLANNED_MIN || metric == Metric.Named.TLS_MIN
                    || metric == Metric.Named.RESPONSE_MIN) {
                return new FinalValueRange(0, latency.getMinValue(), false);
            }
            return UNKNOWN;
        }
        if (metric instanceof Metric.ReasonErrors reasonErrors) {
            long ofReason = live.errors(reasonErrors.reason());
            return between(ofReason, max - established - (errors - ofReason));
        }
        return switch ((Metric.Named) metric) {
            case ESTABLISHED -> between(established, mostEstablished);
            case ERRORS -> between(errors, max - established);
            case ERRORS_TLS -> {
                long tls = Metric.Named.tlsErrors(live);
                yield between(tls, max - established - (errors - tls));
            }
            case ATTEMPTS -> between(attempts, max);
            case MAX_CONCURRENT -> between(live.maxConcurrent(), mostEstablished);
            case CLOSED -> between(Math.max(0, live.counts().closed() - (max - attempts)), mostEstablished);
            case LATE_STARTS -> between(live.lateStarts(),
                    max == Long.MAX_VALUE ? max : live.lateStarts() + max - attempts);
            case ERROR_RATE -> errorRate(established, errors, max);
            case CONNECT_RATE, ATTEMPT_RATE, LATE_START_RATE -> UNKNOWN;
            // counts that only grow while connections are held, with no bound above
            case MESSAGES -> atLeast(live.messages().sent());
            case RESPONSES -> atLeast(live.messages().responses());
            case RESPONSE_TIMEOUTS -> atLeast(live.messages().timeouts());
            case BYTES_SENT -> atLeast(live.messages().bytesSent());
            case BYTES_RECEIVED -> atLeast(live.messages().bytesReceived());
            case AVG, MIN, MAX, MED, PLANNED_AVG, PLANNED_MIN, PLANNED_MAX, PLANNED_MED, TLS_AVG, TLS_MIN, TLS_MAX,
                    TLS_MED, RESPONSE_AVG, RESPONSE_MIN, RESPONSE_MAX, RESPONSE_MED ->
                    throw new AssertionError("latency handled above: " + metric);
        };
    }

    /**
     * The final rate is E/(S+E) with E >= errors, S >= established and S+E <= max attempts, hence
     * at least errors/max and at most 1 - established/max. Correctly rounded division keeps both
     * sides certain in floating point too.
     */
    private static FinalValueRange errorRate(long established, long errors, long max) {
        if (max == 0) {
            return between(0, 0);
        }
        return new FinalValueRange((double) errors / max, (double) (max - established) / max, false);
    }

    private static FinalValueRange atLeast(long lowest) {
        return new FinalValueRange(lowest, INF, false);
    }

    private static FinalValueRange between(long lowest, long highest) {
        return new FinalValueRange(lowest, highest == Long.MAX_VALUE ? INF : highest, false);
    }

    /** True when no possible final value makes {@code metric OP limit} hold. */
    boolean excludes(Operator operator, double limit) {
        return neverDefined || !operator.canHoldBetween(lowest, highest, limit);
    }
}
