package dev.tcpswarm.monitor.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Services judged together.
 *
 * @param policy all, any, quorum ({@code minUp}, {@code minDegraded}) or weighted ({@code weights},
 *     {@code upAtLeast}, {@code downAtMost})
 * @param minUp quorum: members UP for the group to be UP
 * @param minDegraded quorum: members UP or DEGRADED for the group to be DEGRADED rather than DOWN
 *     ({@code minUp} unless given)
 * @param suppressMemberAlerts while the group is DOWN, alerts on its members are held back in favour
 *     of the group's own
 * @param labels carried into its alerts' notifications: {@code defaults.labels}
 */
public record GroupConfig(String name, List<String> members, Policy policy, int minUp, int minDegraded,
        Map<String, Double> weights,
        double upAtLeast, double downAtMost, boolean suppressMemberAlerts, Map<String, String> labels) {

    /** How member states make the group's state. */
    public enum Policy {
        ALL, ANY, QUORUM, WEIGHTED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The member's weight (1 unless given). */
    public double weight(String member) {
        return weights.getOrDefault(member, 1.0);
    }

    /**
     * The group judged on some of its members only (the others are in maintenance): its counts
     * capped to what is left, so a quorum of 2 over 2 remaining members needs both.
     */
    public GroupConfig withMembers(List<String> remaining) {
        return new GroupConfig(name, List.copyOf(remaining), policy, Math.min(minUp, remaining.size()),
                Math.min(minDegraded, remaining.size()), weights, upAtLeast, downAtMost, suppressMemberAlerts, labels);
    }
}
