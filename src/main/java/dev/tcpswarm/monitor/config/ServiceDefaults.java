package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.ProbeFamily;
import java.util.Map;

/**
 * What a service gets unless it says otherwise: the {@code defaults} section over the built-in
 * values (also the quick watch's). The labels go on every service and on the groups' alerts.
 *
 * @param intervalNanos time between probes
 * @param timeoutMillis connect timeout of each attempt
 */
public record ServiceDefaults(long intervalNanos, long timeoutMillis, ProbeFamily family, int attempts,
        Map<String, String> labels) {

    /** The built-in defaults: a probe every 2 s, a 5 s timeout, either family, one attempt, no labels. */
    public static final ServiceDefaults BUILT_IN = new ServiceDefaults(2_000_000_000L, 5_000, ProbeFamily.AUTO, 1, Map.of());
}
