package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.EvaluationConfig;
import dev.tcpswarm.monitor.config.ServiceTls;

/**
 * The state of one service, judged from its probes by its {@link EvaluationConfig}: pure logic, no
 * I/O, time taken from the results themselves, so a table of results gives the same states every
 * time. DOWN after N failures in a row (DEGRADED instead when every one of them is of a kind named
 * in {@code degraded.when_all_failures_are}), below a success ratio or above a latency percentile
 * over the window; DEGRADED when a latency percentile or the success ratio over the window passes
 * its limit; leaving DOWN (or DEGRADED by failures) takes M
 * open probes in a row; a TLS service's certificate within its expiry limits makes it DEGRADED
 * or DOWN ({@link CertificateExpiry}). Touched by the pipeline thread only.
 */
public final class ServiceHealth {
    private final String name;
    private final EvaluationConfig rules;
    private final ServiceTls tls;
    private final ResultWindow window;
    private final Standing standing;
    private int failuresInARow;
    private int opensInARow;
    private ProbeOutcome failureKind;
    private boolean failuresAlike;
    /** Every failure of the current run is one of {@code degraded.when_all_failures_are}. */
    private boolean failuresSoft;
    /** DEGRADED by that rule: it is left as DOWN is, by opens in a row, not by the window. */
    private boolean degradedByFailures;
    private ProbeResult last;

    /**
     * @param retentionNanos how long the window keeps probes: at least the rules' window (longer when
     *     an alert looks further back)
     */
    public ServiceHealth(String name, EvaluationConfig rules, long retentionNanos) {
        this(name, rules, null, retentionNanos);
    }

    /** As above, with the service's TLS limits (null for none): a certificate near its end is judged too. */
    public ServiceHealth(String name, EvaluationConfig rules, ServiceTls tls, long retentionNanos) {
        this.name = name;
        this.rules = rules;
        this.tls = tls;
        this.window = new ResultWindow(Math.max(rules.windowNanos(), retentionNanos));
        this.standing = new Standing(name, false, "no probe yet");
    }

    public String name() {
        return name;
    }

    /** Its state, why, and since when. */
    public Standing standing() {
        return standing;
    }

    public ResultWindow window() {
        return window;
    }

    public EvaluationConfig rules() {
        return rules;
    }

    /** The latest probe, or null. */
    public ProbeResult last() {
        return last;
    }

    /** Takes one probe into account; returns the state change it causes, or null. */
    public StateChange apply(ProbeResult r) {
        last = r;
        window.add(r.startNanos(), r.open() ? r.connectNanos() : -1);
        if (r.open()) {
            opensInARow++;
            failuresInARow = 0;
        } else {
            boolean soft = rules.degradedWhenAllFailuresAre().contains(r.outcome());
            if (failuresInARow == 0) {
                failureKind = r.outcome();
                failuresAlike = true;
                failuresSoft = soft;
            } else if (failureKind != r.outcome()) {
                failuresSoft &= soft;
                failuresAlike = false;
                failureKind = r.outcome();
            }
            failuresInARow++;
            opensInARow = 0;
        }
        Verdict v = judge(r);
        if (v == null) {
            return null;
        }
        degradedByFailures = v.byFailures;
        return standing.moveTo(v.state, v.reason, r.startNanos(), r.epochMillis());
    }

    private record Verdict(ServiceState state, String reason, boolean byFailures) {
        Verdict(ServiceState state, String reason) {
            this(state, reason, false);
        }
    }

    /** Stands for the window's figures when no rule needs them (they are not computed then). */
    private static final ResultWindow.Stats NO_STATS = ResultWindow.Stats.NONE;

    /** The state the rules give now, or null to stay as it is. */
    private Verdict judge(ProbeResult r) {
        if (failuresInARow >= rules.downConsecutiveFailures()) {
            // a conversation's failure says what was wrong: no answer within 1s, expected /^\+PONG/ but got "-ERR"
            String words = r.outcome().isConversation() && !r.detail().isEmpty() ? r.detail() : null;
            String failures = failuresInARow == 1 ? (words != null ? words : failureKind.description())
                    : failuresInARow + " consecutive "
                            + (failuresAlike ? failureKind.plural() + (words != null ? ", last: " + words : "")
                                    : "failures (last: " + (words != null ? words : failureKind.key()) + ")");
            if (failuresSoft) {
                return new Verdict(ServiceState.DEGRADED, failures + " (degraded.when_all_failures_are: " + String.join(", ",
                        rules.degradedWhenAllFailuresAre().stream().map(ProbeOutcome::key).sorted().toList()) + ")", true);
            }
            return new Verdict(ServiceState.DOWN, failures);
        }
        Verdict certificate = r.open() ? certificateVerdict(r) : null;
        if (certificate != null && certificate.state == ServiceState.DOWN) {
            return certificate;
        }
        boolean windowRules = rules.downSuccessBelow() != null || rules.degradedSuccessBelow() != null
                || rules.degradedLatencyNanos() != null || rules.downLatencyNanos() != null;
        ServiceState state = standing.judged(); // also during a maintenance window
        if (r.open() && state == ServiceState.UP && !windowRules && certificate == null) {
            return null; // the common case: still UP, for the reason it became UP
        }
        ResultWindow.Stats stats = windowRules ? window.since(r.startNanos() - rules.windowNanos()) : NO_STATS;
        boolean enough = windowRules && stats.count() >= rules.minSamples();
        String over = " " + stats.over(rules.windowNanos());
        if (enough && rules.downSuccessBelow() != null && stats.successRatio() < rules.downSuccessBelow()) {
            return new Verdict(ServiceState.DOWN, "success " + Figures.percent(stats.successRatio())
                    + Comparison.BELOW.operator(true) + Figures.limitPercent(rules.downSuccessBelow()) + over);
        }
        Verdict slow = enough ? latencyVerdict(ServiceState.DOWN, stats, rules.downPercentile(),
                rules.downLatencyNanos(), over) : null;
        if (slow != null) {
            return slow;
        }
        boolean leavingDown = state == ServiceState.DOWN || state == ServiceState.UNKNOWN || degradedByFailures;
        if (leavingDown && opensInARow < rules.upConsecutiveSuccesses()) {
            return null; // damped: not enough open probes in a row yet
        }
        slow = enough ? latencyVerdict(ServiceState.DEGRADED, stats, rules.degradedPercentile(),
                rules.degradedLatencyNanos(), over) : null;
        if (slow != null) {
            return slow;
        }
        if (enough && rules.degradedSuccessBelow() != null && stats.successRatio() < rules.degradedSuccessBelow()) {
            return new Verdict(ServiceState.DEGRADED, "success " + Figures.percent(stats.successRatio())
                    + Comparison.BELOW.operator(true) + Figures.limitPercent(rules.degradedSuccessBelow()) + over);
        }
        if (!r.open()) {
            return null; // a failure, not yet enough to be DOWN: the state holds
        }
        if (certificate != null) {
            return certificate;
        }
        if (state == ServiceState.DEGRADED && !degradedByFailures) {
            if (!enough) {
                return null; // too few probes in the window to say it is back within limits
            }
            return new Verdict(ServiceState.UP, backWithinLimits(stats, over));
        }
        String open = "open in " + Figures.millis(r.connectNanos());
        return new Verdict(ServiceState.UP, rules.upConsecutiveSuccesses() > 1 && leavingDown
                ? opensInARow + " consecutive opens, last " + open : open);
    }

    /** {@code state} when the window's percentile is above the limit (a rule that is on), else null. */
    private static Verdict latencyVerdict(ServiceState state, ResultWindow.Stats stats, Double percentile, Long limit,
            String over) {
        if (limit == null || stats.open() == 0) {
            return null;
        }
        long p = stats.percentile(percentile);
        return p <= limit ? null : new Verdict(state, Figures.percentileName(percentile) + " " + Figures.millis(p)
                + Comparison.ABOVE.operator(true) + Figures.millis(limit) + over);
    }

    /** DOWN or DEGRADED when the certificate is within the service's expiry limits, else null. */
    private Verdict certificateVerdict(ProbeResult r) {
        ServiceState state = CertificateExpiry.judge(tls, r.certificate(), r.epochMillis());
        return state == null ? null
                : new Verdict(state, CertificateExpiry.reason(r.certificate(), r.epochMillis()));
    }

    private String backWithinLimits(ResultWindow.Stats stats, String over) {
        if (rules.degradedLatencyNanos() != null && stats.open() > 0) {
            return Figures.percentileName(rules.degradedPercentile()) + " "
                    + Figures.millis(stats.percentile(rules.degradedPercentile())) + Comparison.ABOVE.operator(false)
                    + Figures.millis(rules.degradedLatencyNanos()) + over;
        }
        if (rules.degradedSuccessBelow() != null) {
            return "success " + Figures.percent(stats.successRatio()) + Comparison.BELOW.operator(false)
                    + Figures.limitPercent(rules.degradedSuccessBelow()) + over;
        }
        return "open in " + Figures.millis(last.connectNanos());
    }
}
