package dev.tcpswarm.ramp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Levels from --start, --step and --max; the precision in connections; the default ceiling. */
class RampPlanTest {
    static RampPlan plan(int start, String step, int max) {
        LoadPlan dialing = new LoadPlan(new Target("127.0.0.1", 9, new InetSocketAddress("127.0.0.1", 9)), start, 0,
                1000, 0, false, 0, CloseMode.RST, List.of(), 1);
        return new RampPlan(dialing, start, LevelStep.parse(step), max, 0, Precision.parse("1%"), List.of(), 0);
    }

    @ParameterizedTest(name = "{0} {1} up to {2}")
    @CsvSource(delimiter = '|', value = {
        "100 | x2   | 1000 | 100 200 400 800 1000",
        "100 | x2   | 800  | 100 200 400 800",
        "200 | +200 | 800  | 200 400 600 800",
        "200 | +250 | 800  | 200 450 700 800",
        "10  | x1.5 | 40   | 10 15 23 35 40",
        "3   | x1.1 | 6    | 3 4 5 6",
        "500 | x2   | 500  | 500",
    })
    void levelsGrowByTheStepAndEndAtTheCeiling(int start, String step, int max, String expected) {
        List<Integer> levels = List.of(expected.trim().split(" ")).stream().map(Integer::valueOf).toList();
        assertEquals(levels, plan(start, step, max).levels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "x", "+0", "+-5", "+1.5", "x1", "x0.5", "*2", "2", "xx2", "x2000"})
    void badStepsAreRejected(String step) {
        assertThrows(IllegalArgumentException.class, () -> LevelStep.parse(step));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '|', value = {
        "1%   | 1600 | 16",
        "1%   | 50   | 1",
        "2.5% | 1000 | 25",
        "20   | 1600 | 20",
    })
    void precisionInConnections(String precision, int failedLevel, int connections) {
        assertEquals(connections, Precision.parse(precision).connections(failedLevel));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0%", "100%", "1.5", "one", "%"})
    void badPrecisionsAreRejected(String precision) {
        assertThrows(IllegalArgumentException.class, () -> Precision.parse(precision));
    }

    @ParameterizedTest(name = "open files {0}")
    @CsvSource({"20000, 19900", "-1, 10000", "50, 1", "9223372036854775807, 1000000"})
    void defaultCeilingFollowsTheOpenFilesLimit(long openFiles, int max) {
        assertEquals(max, RampPlan.defaultMax(openFiles));
    }
}
