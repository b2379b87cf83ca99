package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.GroupConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A group's state from its members' states, by its policy: pure. While members are UNKNOWN (no
 * verdict yet), the group has a state only when it would have it whatever they turn out to be
 * (an {@code all} group with a DOWN member is DOWN); otherwise it is UNKNOWN too.
 * <ul>
 * <li>all: UP when every member is UP, DOWN when any is DOWN, else DEGRADED;</li>
 * <li>any: UP when one is UP, DOWN when all are DOWN, else DEGRADED;</li>
 * <li>quorum: UP when at least {@code min_up} are UP, DEGRADED when at least {@code min_degraded}
 * (by default {@code min_up}) are UP or DEGRADED, else DOWN; Kener's "all UP: UP, a majority: DEGRADED,
 * else DOWN" is {@code min_up: all, min_degraded: majority};</li>
 * <li>weighted (Kener's): score = sum of weight x (1 UP, 0.5 DEGRADED, 0 otherwise) over the sum of
 * weights; UP at {@code up_at_least} (1) or more, DOWN at {@code down_at_most} (0) or less, else
 * DEGRADED.</li>
 * </ul>
 */
public final class GroupHealth {
    private GroupHealth() {
    }

    /** A group's state and why. */
    public record Judgement(ServiceState state, String reason) {
    }

    public static Judgement evaluate(GroupConfig group, Map<String, ServiceState> states) {
        List<String> waiting = new ArrayList<>();
        for (String m : group.members()) {
            if (states.getOrDefault(m, ServiceState.UNKNOWN) == ServiceState.UNKNOWN) {
                waiting.add(m);
            }
        }
        if (waiting.isEmpty()) {
            return judge(group, states);
        }
        Map<String, ServiceState> best = new HashMap<>(states);
        Map<String, ServiceState> worst = new HashMap<>(states);
        for (String m : waiting) {
            best.put(m, ServiceState.UP);
            worst.put(m, ServiceState.DOWN);
        }
        Judgement ifUp = judge(group, best);
        Judgement ifDown = judge(group, worst);
        if (ifUp.state() == ifDown.state()) {
            // the reason that counts only real verdicts: the UP ones when assuming the rest DOWN, and so on
            return ifUp.state() == ServiceState.UP ? ifDown : ifUp;
        }
        return new Judgement(ServiceState.UNKNOWN, "waiting for the first verdict on " + String.join(", ", waiting));
    }

    private static Judgement judge(GroupConfig group, Map<String, ServiceState> states) {
        List<String> up = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (String m : group.members()) {
            switch (states.getOrDefault(m, ServiceState.UNKNOWN)) {
                case UP -> up.add(m);
                case DEGRADED -> degraded.add(m);
                case DOWN -> down.add(m);
                default -> throw new IllegalArgumentException("no verdict yet on " + m); // excluded by evaluate
            }
        }
        int n = group.members().size();
        return switch (group.policy()) {
            case ALL -> {
                if (up.size() == n) {
                    yield new Judgement(ServiceState.UP, "all " + n + " members up");
                }
                if (!down.isEmpty()) {
                    yield new Judgement(ServiceState.DOWN, count(down, n, "down"));
                }
                yield new Judgement(ServiceState.DEGRADED, count(degraded, n, "degraded"));
            }
            case ANY -> {
                if (!up.isEmpty()) {
                    yield new Judgement(ServiceState.UP, count(up, n, "up"));
                }
                if (down.size() == n) {
                    yield new Judgement(ServiceState.DOWN, "all " + n + " members down");
                }
                yield new Judgement(ServiceState.DEGRADED, "no member up, " + degraded.size() + " degraded");
            }
            case QUORUM -> {
                boolean ownDegraded = group.minDegraded() != group.minUp();
                String quorum = ", quorum " + group.minUp() + (ownDegraded ? ", degraded at " + group.minDegraded() : "");
                String counts = up.size() + " of " + n + " members up, " + degraded.size() + " degraded" + quorum;
                if (up.size() >= group.minUp()) {
                    yield new Judgement(ServiceState.UP, up.size() + " of " + n + " members up" + quorum);
                }
                if (up.size() + degraded.size() >= group.minDegraded()) {
                    yield new Judgement(ServiceState.DEGRADED, counts);
                }
                yield new Judgement(ServiceState.DOWN, ownDegraded ? counts : up.size() + " of " + n + " members up" + quorum);
            }
            case WEIGHTED -> {
                double total = 0;
                double score = 0;
                for (String m : group.members()) {
                    double w = group.weight(m);
                    total += w;
                    score += w * (up.contains(m) ? 1.0 : degraded.contains(m) ? 0.5 : 0.0);
                }
                double s = total == 0 ? 0 : score / total;
                String text = String.format(Locale.ROOT, "score %.2f", s);
                if (s >= group.upAtLeast() - 1e-9) {
                    yield new Judgement(ServiceState.UP, text);
                }
                if (s <= group.downAtMost() + 1e-9) {
                    yield new Judgement(ServiceState.DOWN, text);
                }
                yield new Judgement(ServiceState.DEGRADED, text);
            }
        };
    }

    private static String count(List<String> members, int n, String what) {
        return members.size() + " of " + n + " members " + what + ": " + String.join(", ", members);
    }
}
