package dev.tcpswarm.traffic;

import java.util.List;

/**
 * How {@code tcpswarm traffic} reads and judges its sources: seconds per summary, the rules' window
 * and the allowed lateness (all in seconds of event time), the rules, and whether the logs are
 * followed. Immutable; any thread.
 */
public record TrafficSettings(int intervalSeconds, int windowSeconds, int latenessSeconds, List<TrafficRule> rules,
        boolean follow) {
    public TrafficSettings {
        rules = List.copyOf(rules);
    }
}
