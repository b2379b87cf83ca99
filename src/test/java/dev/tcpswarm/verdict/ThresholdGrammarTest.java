package dev.tcpswarm.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.ErrorReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grammar shown in the help and the man pages says what the parser takes: every metric it lists
 * parses, with a unit of the kind it is listed under, as a metric of that kind; and every metric,
 * operator and error reason the code has is listed.
 */
class ThresholdGrammarTest {
    /** One unit the lines say a kind takes, to write a value with. */
    private static final Map<Metric.Kind, String> A_UNIT = Map.of(Metric.Kind.LATENCY, "ms", Metric.Kind.COUNT, "",
            Metric.Kind.RATIO, "%", Metric.Kind.PER_SECOND, "/s");

    @Test
    void everyListedMetricParsesAsItsKind() {
        List<String> lines = ThresholdGrammar.lines();
        int listed = 0;
        for (Metric.Kind kind : Metric.Kind.values()) {
            String line = lines.stream().filter(l -> l.contains(kind.allowedUnits() + ": ")).findFirst().orElseThrow();
            String names = line.substring(line.indexOf(kind.allowedUnits() + ": ") + kind.allowedUnits().length() + 2,
                    line.length() - 1);
            for (String name : names.split(", ")) {
                String metric = name.replace("(N)", "(99.9)").replace("<reason>", ErrorReason.TIMEOUT.key());
                Threshold t = Threshold.parse(metric + "<5" + A_UNIT.get(kind));
                assertEquals(kind, t.metric().kind(), name);
                listed++;
            }
        }
        // the named metrics, a percentile of each latency basis, and errors of a reason
        assertEquals(Metric.Named.values().length + Metric.LatencyBasis.values().length + 1, listed);
    }

    @Test
    void everyMetricOperatorAndReasonIsListed() {
        String text = String.join("\n", ThresholdGrammar.lines());
        List<String> missing = new ArrayList<>();
        Arrays.stream(Metric.Named.values()).map(Metric::canonicalName).filter(n -> !text.contains(" " + n + ","))
                .filter(n -> !text.contains(" " + n + ".")).forEach(missing::add);
        Arrays.stream(Operator.values()).map(Operator::symbol).filter(s -> !text.contains(" " + s + " ")
                && !text.contains(" " + s + ".")).forEach(missing::add);
        Arrays.stream(ErrorReason.values()).map(ErrorReason::key).filter(k -> !text.contains(" " + k))
                .forEach(missing::add);
        assertEquals(List.of(), missing, text);
        assertTrue(text.startsWith("METRIC OP VALUE[UNIT]"), text);
    }
}
