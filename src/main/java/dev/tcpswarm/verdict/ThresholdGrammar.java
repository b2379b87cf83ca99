package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.ErrorReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The threshold language as the help and the man pages show it: the form, the operators, and every
 * metric by kind with the units it takes. Built from {@link Metric}'s closed set, {@link Operator}
 * and {@link ErrorReason}, so a new metric, unit or reason shows up here without an edit. Pure; any
 * thread.
 */
public final class ThresholdGrammar {
    private ThresholdGrammar() {
    }

    /** The lines, plain text (no format specifiers), each a few words to a sentence. */
    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("METRIC OP VALUE[UNIT], e.g. p(99)<50ms, error_rate<=0.1%, established>=9990; OP is one of "
                + Arrays.stream(Operator.values()).map(Operator::symbol).collect(Collectors.joining(" ")) + ".");
        for (Metric.Kind kind : Metric.Kind.values()) {
            lines.add(kindName(kind) + ", " + kind.allowedUnits() + ": " + String.join(", ", names(kind)) + ".");
        }
        lines.add("Latencies without a prefix are measured from the connect call; planned_ ones from the planned "
                + "start (the connect plus how late it started); tls_ ones measure the TLS handshake (with --tls); "
                + "response_ ones the answer to each message, from its planned send (with --expect).");
        lines.add("<reason> is one of " + Arrays.stream(ErrorReason.values()).map(ErrorReason::key)
                .collect(Collectors.joining(", ")) + ".");
        return lines;
    }

    private static String kindName(Metric.Kind kind) {
        String words = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The metrics of one kind, as written in a threshold; the ones that take an argument show it. */
    private static List<String> names(Metric.Kind kind) {
        List<String> names = new ArrayList<>();
        if (kind == Metric.Kind.LATENCY) {
            for (Metric.LatencyBasis basis : Metric.LatencyBasis.values()) {
                names.add(basis.prefix() + "p(N)");
                Arrays.stream(Metric.Named.values()).filter(m -> m.latencyBasis() == basis)
                        .forEach(m -> names.add(m.canonicalName()));
            }
            return names;
        }
        Arrays.stream(Metric.Named.values()).filter(m -> m.kind() == kind).forEach(m -> names.add(m.canonicalName()));
        Metric perReason = new Metric.ReasonErrors(ErrorReason.OTHER);
        if (kind == perReason.kind()) {
            names.add(perReason.canonicalName().replace(ErrorReason.OTHER.key(), "<reason>"));
        }
        return names;
    }
}
