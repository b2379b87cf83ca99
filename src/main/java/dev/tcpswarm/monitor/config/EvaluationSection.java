package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.ProbeOutcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code evaluation}: the rules that judge every service (a service's own {@code evaluation}
 * overrides them, read the same way). Stateless.
 */
public final class EvaluationSection implements ConfigSection<EvaluationConfig> {
    public static final EvaluationSection INSTANCE = new EvaluationSection();
    private static final Set<String> KEYS = Set.of("window", "min_samples", "degraded", "down", "up");

    private EvaluationSection() {
    }

    @Override
    public String key() {
        return "evaluation";
    }

    @Override
    public EvaluationConfig read(ConfigNode node, Earlier earlier) throws ConfigException {
        return read(node, EvaluationConfig.DEFAULTS);
    }

    /** The rules in {@code node} over {@code base}; {@code base} itself when absent. */
    static EvaluationConfig read(ConfigNode node, EvaluationConfig base) throws ConfigException {
        if (!node.present()) {
            return base;
        }
        node.allowOnly(KEYS);
        long window = node.get("window").durationNanos(base.windowNanos());
        int minSamples = node.get("min_samples").integer(1, 1_000_000, base.minSamples());
        Double percentile = base.degradedPercentile();
        Long latency = base.degradedLatencyNanos();
        Double degradedBelow = base.degradedSuccessBelow();
        Set<ProbeOutcome> softFailures = base.degradedWhenAllFailuresAre();
        ConfigNode degraded = node.get("degraded").allowOnly(Set.of("latency", "success_below", "when_all_failures_are"));
        if (degraded.present()) {
            ConfigNode lat = degraded.get("latency");
            if (lat.present()) {
                percentile = percentile(lat);
                latency = lat.get("above").durationNanos();
            }
            if (degraded.get("success_below").present()) {
                degradedBelow = degraded.get("success_below").number(0, 1, true);
            }
            if (degraded.get("when_all_failures_are").present()) {
                softFailures = failures(degraded.get("when_all_failures_are"));
            }
        }
        int downAfter = base.downConsecutiveFailures();
        Double downBelow = base.downSuccessBelow();
        Double downPercentile = base.downPercentile();
        Long downLatency = base.downLatencyNanos();
        ConfigNode down = node.get("down").allowOnly(Set.of("consecutive_failures", "success_below", "latency"));
        if (down.present()) {
            downAfter = down.get("consecutive_failures").integer(1, 1_000_000, downAfter);
            if (down.get("success_below").present()) {
                downBelow = down.get("success_below").number(0, 1, true);
            }
            ConfigNode lat = down.get("latency");
            if (lat.present()) {
                downPercentile = percentile(lat);
                downLatency = lat.get("above").durationNanos();
            }
        }
        if (latency != null && downLatency != null && downPercentile.equals(percentile) && downLatency <= latency) {
            throw down.get("latency").get("above").error("must be above degraded.latency.above, or DEGRADED is never "
                    + "reached");
        }
        ConfigNode up = node.get("up").allowOnly(Set.of("consecutive_successes"));
        int upAfter = up.present() ? up.get("consecutive_successes").integer(1, 1_000_000, base.upConsecutiveSuccesses())
                : base.upConsecutiveSuccesses();
        return new EvaluationConfig(window, minSamples, percentile, latency, degradedBelow, downAfter, downBelow, upAfter,
                downPercentile, downLatency, softFailures);
    }

    /** A latency rule's percentile ({@code percentile: 95}, {@code above: 200ms}). */
    private static double percentile(ConfigNode latency) throws ConfigException {
        latency.allowOnly(Set.of("percentile", "above"));
        return latency.get("percentile").number(0.1, 100, false);
    }

    /** {@code timeout}, or a list such as {@code [timeout, tls_timeout]}: probe failures by their key. */
    private static Set<ProbeOutcome> failures(ConfigNode node) throws ConfigException {
        Set<ProbeOutcome> out = EnumSet.noneOf(ProbeOutcome.class);
        List<ConfigNode> items = node.isList() ? node.items() : List.of(node);
        for (ConfigNode item : items) {
            String key = item.text();
            ProbeOutcome found = null;
            for (ProbeOutcome o : ProbeOutcome.values()) {
                if (!o.isOpen() && o.key().equals(key)) {
                    found = o;
                }
            }
            if (found == null) {
                List<String> keys = new ArrayList<>();
                for (ProbeOutcome o : ProbeOutcome.values()) {
                    if (!o.isOpen()) {
                        keys.add(o.key());
                    }
                }
                throw item.error("'" + key + "' is not a probe failure: use " + String.join(", ", keys));
            }
            out.add(found);
        }
        if (out.isEmpty()) {
            throw node.error("name at least one failure, e.g. timeout");
        }
        return out;
    }
}
