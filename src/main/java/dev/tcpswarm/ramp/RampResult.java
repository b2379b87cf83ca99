package dev.tcpswarm.ramp;

import java.time.Instant;
import java.util.List;

/**
 * A whole capacity search, as every reporter sees it: the plan, each level and fresh attempt in the
 * order they were held, and the verdict.
 */
public record RampResult(RampPlan plan, Instant start, Instant end, List<LevelResult> levels, RampVerdict verdict) {

    public RampResult {
        levels = List.copyOf(levels);
    }
}
