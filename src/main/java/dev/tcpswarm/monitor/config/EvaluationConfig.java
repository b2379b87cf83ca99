package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.ProbeOutcome;
import java.util.Set;

/**
 * How a service's probes become UP, DEGRADED or DOWN. A null limit is a rule that is off.
 *
 * @param windowNanos the window the ratio and percentile rules look at
 * @param minSamples probes the window must hold before a ratio or percentile rule judges
 * @param degradedPercentile with {@code degradedLatencyNanos}: DEGRADED when this percentile of the
 *     window's connect times is above it
 * @param degradedSuccessBelow DEGRADED when the window's success ratio is below this (0-1)
 * @param downConsecutiveFailures DOWN after this many failed probes in a row
 * @param downSuccessBelow DOWN when the window's success ratio is below this (0-1)
 * @param upConsecutiveSuccesses open probes in a row that it takes to leave DOWN (and to be UP at first)
 * @param downPercentile with {@code downLatencyNanos}: DOWN when this percentile of the window's
 *     connect times is above it ({@code down.latency}, as {@code degraded.latency})
 * @param degradedWhenAllFailuresAre failures that make a service DEGRADED, not DOWN, when every
 *     failure of the consecutive run is one of them (Kener's "all timeouts: DEGRADED, any error:
 *     DOWN"); empty for none
 */
public record EvaluationConfig(long windowNanos, int minSamples, Double degradedPercentile, Long degradedLatencyNanos,
        Double degradedSuccessBelow, int downConsecutiveFailures, Double downSuccessBelow, int upConsecutiveSuccesses,
        Double downPercentile, Long downLatencyNanos, Set<ProbeOutcome> degradedWhenAllFailuresAre) {

    /** The built-in rules: a 5 minute window, 5 samples, DOWN after 3 failures, UP after 1 success. */
    public static final EvaluationConfig DEFAULTS =
            new EvaluationConfig(300_000_000_000L, 5, null, null, null, 3, null, 1);

    public EvaluationConfig {
        degradedWhenAllFailuresAre = Set.copyOf(degradedWhenAllFailuresAre);
    }

    /** Without {@code down.latency} and {@code degraded.when_all_failures_are}. */
    public EvaluationConfig(long windowNanos, int minSamples, Double degradedPercentile, Long degradedLatencyNanos,
            Double degradedSuccessBelow, int downConsecutiveFailures, Double downSuccessBelow, int upConsecutiveSuccesses) {
        this(windowNanos, minSamples, degradedPercentile, degradedLatencyNanos, degradedSuccessBelow,
                downConsecutiveFailures, downSuccessBelow, upConsecutiveSuccesses, null, null, Set.of());
    }

    /** The same rules judging from one probe ({@code --once}): one failure is DOWN, one open is UP. */
    public EvaluationConfig singleProbe() {
        return new EvaluationConfig(windowNanos, 1, degradedPercentile, degradedLatencyNanos, null, 1, null, 1,
                downPercentile, downLatencyNanos, degradedWhenAllFailuresAre);
    }
}
