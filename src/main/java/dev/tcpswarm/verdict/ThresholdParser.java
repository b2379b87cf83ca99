package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.ErrorReason;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads {@code METRIC OP VALUE[UNIT]} by hand, one token at a time, so that every error can say
 * which part is wrong and at which column. Whitespace may stand between any two tokens.
 */
final class ThresholdParser {
    private static final String METRICS = "p(N), avg, min, max, med, planned_p(N), planned_avg, planned_min, "
            + "planned_max, planned_med, tls_p(N), tls_avg, tls_min, tls_max, tls_med, response_p(N), response_avg, "
            + "response_min, response_max, response_med, established, errors, "
            + "error_rate, closed, max_concurrent, connect_rate, attempts, attempt_rate, late_starts, late_start_rate, "
            + "errors_tls, errors_<reason>, messages, responses, response_timeouts, bytes_sent, bytes_received";
    private static final String REASONS = Arrays.stream(ErrorReason.values()).map(ErrorReason::key)
            .collect(Collectors.joining(", "));
    private static final String OPERATORS = "<, <=, >, >=, ==, !=";

    private final String text;
    private int pos;

    private ThresholdParser(String text) {
        this.text = text;
    }

    static Threshold parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ThresholdSyntaxException("empty threshold: expected METRIC OP VALUE, e.g. p(99)<50ms");
        }
        return new ThresholdParser(expression.strip()).threshold();
    }

    private Threshold threshold() {
        Metric metric = metric();
        skipSpace();
        Operator operator = operator(metric);
        skipSpace();
        int numberAt = pos;
        BigDecimal number = number("after '" + operator.symbol() + "'");
        skipSpace();
        int unitAt = pos;
        String unit = unit();
        BigDecimal value = metric.kind().toBaseUnit(number, unit);
        if (value == null) {
            if (!isKnownUnit(unit)) {
                throw bad("unknown unit '" + unit + "' (units: us, ms, s for latencies, % for error_rate and "
                        + "late_start_rate, /s for connect_rate and attempt_rate)", unitAt);
            }
            throw bad("unit '" + unit + "' does not fit " + metric.canonicalName() + " (it takes "
                    + metric.kind().allowedUnits() + ")", unitAt);
        }
        if (metric.kind() == Metric.Kind.RATIO && value.compareTo(BigDecimal.ONE) > 0) {
            throw bad(unit.isEmpty()
                    ? "a bare rate is a fraction 0..1, " + number.toPlainString() + " is above 1 (did you mean "
                            + number.toPlainString() + "%?)"
                    : "a rate cannot be above 100%", numberAt);
        }
        skipSpace();
        if (pos < text.length()) {
            throw bad("unexpected '" + text.substring(pos) + "'", pos);
        }
        return new Threshold(text, metric, operator, value.doubleValue());
    }

    private Metric metric() {
        int start = pos;
        String word = word();
        if (word.isEmpty()) {
            throw bad("expected a metric (" + METRICS + ")", start);
        }
        for (Metric.LatencyBasis basis : Metric.LatencyBasis.values()) {
            if (word.equals(basis.prefix() + "p")) {
                skipSpace();
                if (peek() == '(') {
                    return percentile(basis);
                }
            }
        }
        Metric.Named named = Metric.Named.byName(word);
        if (named != null) {
            return named;
        }
        if (word.startsWith("errors_")) {
            String key = word.substring("errors_".length());
            for (ErrorReason reason : ErrorReason.values()) {
                if (reason.key().equals(key)) {
                    return new Metric.ReasonErrors(reason);
                }
            }
            throw new ThresholdSyntaxException("unknown error reason '" + key + "' in " + quoted(text)
                    + " (reasons: " + REASONS + ")");
        }
        throw new ThresholdSyntaxException("unknown metric '" + word + "' in " + quoted(text) + " (metrics: "
                + METRICS + ")");
    }

    /** {@code p(N)} or {@code planned_p(N)}, with {@code pos} on the opening parenthesis. */
    private Metric percentile(Metric.LatencyBasis basis) {
        pos++;
        skipSpace();
        int numberAt = pos;
        BigDecimal n = number("after 'p('");
        skipSpace();
        if (peek() != ')') {
            throw bad("expected ')' after the percentile", pos);
        }
        pos++;
        if (n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw bad("percentile " + n.toPlainString() + " is out of range (p(N) needs 0 < N <= 100)", numberAt);
        }
        return new Metric.Percentile(basis, n.doubleValue());
    }

    private Operator operator(Metric metric) {
        for (String two : new String[] {"<=", ">=", "==", "!="}) {
            if (text.startsWith(two, pos)) {
                pos += 2;
                return symbolOf(two);
            }
        }
        char c = peek();
        if (c == '<' || c == '>') {
            pos++;
            return symbolOf(String.valueOf(c));
        }
        if (c == '=') {
            throw bad("'=' is not an operator, use '=='", pos);
        }
        throw bad("expected an operator (" + OPERATORS + ") after '" + metric.canonicalName() + "'", pos);
    }

    private static Operator symbolOf(String symbol) {
        for (Operator op : Operator.values()) {
            if (op.symbol().equals(symbol)) {
                return op;
            }
        }
        throw new AssertionError(symbol);
    }

    /** Digits with at most one decimal point. */
    private BigDecimal number(String where) {
        int start = pos;
        while (pos < text.length() && isNumberChar(text.charAt(pos))) {
            pos++;
        }
        String digits = text.substring(start, pos);
        if (digits.isEmpty()) {
            throw bad("expected a number " + where, start);
        }
        if (!digits.matches("[0-9]*\\.?[0-9]*") || digits.equals(".")) {
            throw bad("bad number '" + digits + "'", start);
        }
        return new BigDecimal(digits);
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '.';
    }

    /** Letters, '%' and '/': possibly empty. */
    private String unit() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (!Character.isLetter(c) && c != '%' && c != '/') {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isKnownUnit(String unit) {
        return switch (unit) {
            case "us", "ms", "s", "%", "/s" -> true;
            default -> false;
        };
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** {@code bad threshold '<text>': <what> at column N} (1-based; one past the end for a missing part). */
    private ThresholdSyntaxException bad(String what, int at) {
        return new ThresholdSyntaxException("bad threshold " + quoted(text) + ": " + what + " at column " + (at + 1));
    }

    /** The expression in quotes, on one line whatever it holds. */
    private static String quoted(String s) {
        return "'" + s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
}
