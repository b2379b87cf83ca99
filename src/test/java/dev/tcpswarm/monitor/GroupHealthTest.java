package dev.tcpswarm.monitor;

import static dev.tcpswarm.monitor.ServiceState.DEGRADED;
import static dev.tcpswarm.monitor.ServiceState.DOWN;
import static dev.tcpswarm.monitor.ServiceState.UNKNOWN;
import static dev.tcpswarm.monitor.ServiceState.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.monitor.config.GroupConfig;
import dev.tcpswarm.monitor.config.GroupConfig.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group policies as tables: member states in, the group's state and reason out. */
class GroupHealthTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    private static GroupConfig group(Policy policy, int minUp, Map<String, Double> weights, double up, double down) {
        return new GroupConfig("g", ABC, policy, minUp, minUp, weights, up, down, false, Map.of());
    }

    private static String judge(GroupConfig g, ServiceState a, ServiceState b, ServiceState c) {
        GroupHealth.Judgement j = GroupHealth.evaluate(g, Map.of("a", a, "b", b, "c", c));
        return j.state() + " (" + j.reason() + ")";
    }

    @Test
    void all() {
        GroupConfig g = group(Policy.ALL, 0, Map.of(), 1, 0);
        assertEquals("UP (all 3 members up)", judge(g, UP, UP, UP));
        assertEquals("DOWN (1 of 3 members down: b)", judge(g, UP, DOWN, DEGRADED));
        assertEquals("DEGRADED (1 of 3 members degraded: c)", judge(g, UP, UP, DEGRADED));
        assertEquals("UNKNOWN (waiting for the first verdict on a, b, c)", judge(g, UNKNOWN, UNKNOWN, UNKNOWN));
        assertEquals("UNKNOWN (waiting for the first verdict on c)", judge(g, UP, UP, UNKNOWN));
        assertEquals("DOWN (1 of 3 members down: b)", judge(g, UP, DOWN, UNKNOWN), "DOWN whatever c turns out to be");
    }

    @Test
    void any() {
        GroupConfig g = group(Policy.ANY, 0, Map.of(), 1, 0);
        assertEquals("UP (1 of 3 members up: c)", judge(g, DOWN, DOWN, UP));
        assertEquals("DOWN (all 3 members down)", judge(g, DOWN, DOWN, DOWN));
        assertEquals("UP (1 of 3 members up: a)", judge(g, UP, UNKNOWN, UNKNOWN), "UP whatever b and c turn out to be");
        assertEquals("DEGRADED (no member up, 1 degraded)", judge(g, DOWN, DEGRADED, DOWN));
    }

    @Test
    void quorum() {
        GroupConfig g = group(Policy.QUORUM, 2, Map.of(), 1, 0);
        assertEquals("UP (2 of 3 members up, quorum 2)", judge(g, UP, DOWN, UP));
        assertEquals("DEGRADED (1 of 3 members up, 1 degraded, quorum 2)", judge(g, UP, DEGRADED, DOWN));
        assertEquals("DOWN (1 of 3 members up, quorum 2)", judge(g, UP, DOWN, DOWN));
    }

    @Test
    void quorumWithItsOwnDegradedCountWritesKenersRuleDirectly() {
        // Kener: all open UP, a majority DEGRADED, else DOWN (min_up: all, min_degraded: majority)
        GroupConfig g = new GroupConfig("g", ABC, Policy.QUORUM, 3, 2, Map.of(), 1, 0, false, Map.of());
        assertEquals("UP (3 of 3 members up, quorum 3, degraded at 2)", judge(g, UP, UP, UP));
        assertEquals("DEGRADED (2 of 3 members up, 0 degraded, quorum 3, degraded at 2)", judge(g, UP, DOWN, UP));
        assertEquals("DEGRADED (1 of 3 members up, 1 degraded, quorum 3, degraded at 2)", judge(g, DEGRADED, DOWN, UP));
        assertEquals("DOWN (1 of 3 members up, 0 degraded, quorum 3, degraded at 2)", judge(g, UP, DOWN, DOWN));
        assertEquals("DOWN (0 of 3 members up, 1 degraded, quorum 3, degraded at 2)", judge(g, DOWN, DEGRADED, DOWN));
    }

    @Test
    void weightedAsKenerScoresIt() {
        GroupConfig g = group(Policy.WEIGHTED, 0, Map.of("a", 2.0), 1.0, 0.25);
        assertEquals("UP (score 1.00)", judge(g, UP, UP, UP));
        assertEquals("DEGRADED (score 0.75)", judge(g, UP, DOWN, UP));
        assertEquals("DEGRADED (score 0.50)", judge(g, UP, DOWN, DOWN));
        assertEquals("DOWN (score 0.25)", judge(g, DOWN, DEGRADED, DEGRADED));
        assertEquals("DOWN (score 0.00)", judge(g, DOWN, DOWN, DOWN));
    }
}
