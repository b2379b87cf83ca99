package dev.tcpswarm.monitor.config;

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
        ConfigNode degraded = node.get("degraded").allowOnly(Set.of("latency", "success_below"));
        if (degraded.present()) {
            ConfigNode lat = degraded.get("latency").allowOnly(Set.of("percentile", "above"));
            if (lat.present()) {
                percentile = lat.get("percentile").number(0.1, 100, false);
                latency = lat.get("above").durationNanos();
            }
            if (degraded.get("success_below").present()) {
                degradedBelow = degraded.get("success_below").number(0, 1, true);
            }
        }
        int downAfter = base.downConsecutiveFailures();
        Double downBelow = base.downSuccessBelow();
        ConfigNode down = node.get("down").allowOnly(Set.of("consecutive_failures", "success_below"));
        if (down.present()) {
            downAfter = down.get("consecutive_failures").integer(1, 1_000_000, downAfter);
            if (down.get("success_below").present()) {
                downBelow = down.get("success_below").number(0, 1, true);
            }
        }
        ConfigNode up = node.get("up").allowOnly(Set.of("consecutive_successes"));
        int upAfter = up.present() ? up.get("consecutive_successes").integer(1, 1_000_000, base.upConsecutiveSuccesses())
                : base.upConsecutiveSuccesses();
        return new EvaluationConfig(window, minSamples, percentile, latency, degradedBelow, downAfter, downBelow, upAfter);
    }
}
