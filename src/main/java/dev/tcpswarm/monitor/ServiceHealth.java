package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.EvaluationConfig;
import dev.tcpswarm.monitor.config.ServiceTls;

/**
 * The state of one service, judged from its probes by its {@link EvaluationConfig}: pure logic, no
 * I/O, time taken from the results themselves, so a table of results gives the same states every
 * time. DOWN after N failures in a row or below a success ratio over the window; DEGRADED when a
 * latency percentile or the success ratio over the window passes its limit; leaving DOWN takes M
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
            if (failuresInARow == 0) {
                failureKind = r.outcome();
                failuresAlike = true;
            } else if (failureKind != r.outcome()) {
                failuresAlike = false;
                failureKind = r.outcome();
            }
            failuresInARow++;
            opensInARow = 0;
        }
        Verdict v = judge(r);
        return v == null ? null : standing.moveTo(v.state, v.reason, r.startNanos(), r.epochMillis());
    }

    private record Verdict(ServiceState state, String reason) {
    }

    /** Stands for the window's figures when no rule needs them (they are not computed then). */
    private static final ResultWindow.Stats NO_STATS = ResultWindow.Stats.NONE;

    /** The state the rules give now, or null to stay as it is. */
    private Verdict judge(ProbeResult r) {
        if (failuresInARow >= rules.downConsecutiveFailures()) {
            return new Verdict(ServiceState.DOWN, failuresInARow == 1 ? failureKind.description()
                    : failuresInARow + " consecutive "
                            + (failuresAlike ? failureKind.plural() : "failures (last: " + failureKind.key() + ")"));
        }
        Verdict certificate = r.open() ? certificateVerdict(r) : null;
        if (certificate != null && certificate.state == ServiceState.DOWN) {
            return certificate;
        }
        boolean windowRules = rules.downSuccessBelow() != null || rules.degradedSuccessBelow() != null
                || rules.degradedLatencyNanos() != null;
        ServiceState state = standing.state();
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
        boolean leavingDown = state == ServiceState.DOWN || state == ServiceState.UNKNOWN;
        if (leavingDown && opensInARow < rules.upConsecutiveSuccesses()) {
            return null; // damped: not enough open probes in a row yet
        }
        if (enough && rules.degradedLatencyNanos() != null && stats.open() > 0) {
            long p = stats.percentile(rules.degradedPercentile());
            if (p > rules.degradedLatencyNanos()) {
                return new Verdict(ServiceState.DEGRADED, Figures.percentileName(rules.degradedPercentile()) + " "
                        + Figures.millis(p) + Comparison.ABOVE.operator(true) + Figures.millis(rules.degradedLatencyNanos())
                        + over);
            }
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
        if (state == ServiceState.DEGRADED) {
            if (!enough) {
                return null; // too few probes in the window to say it is back within limits
            }
            return new Verdict(ServiceState.UP, backWithinLimits(stats, over));
        }
        String open = "open in " + Figures.millis(r.connectNanos());
        return new Verdict(ServiceState.UP, rules.upConsecutiveSuccesses() > 1 && leavingDown
                ? opensInARow + " consecutive opens, last " + open : open);
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
