package dev.tcpswarm.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.ErrorReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p(99)<50           | p(99)          | LATENCY",
        "p(99.9)<50         | p(99.9)        | LATENCY",
        "p(50)<50           | p(50)          | LATENCY",
        "p(0.5)<50          | p(0.5)         | LATENCY",
        "p(100)<50          | p(100)         | LATENCY",
        "p(99.90)<50        | p(99.9)        | LATENCY",
        "avg<50             | avg            | LATENCY",
        "min<50             | min            | LATENCY",
        "max<50             | max            | LATENCY",
        "med<50             | med            | LATENCY",
        "established>=5     | established    | COUNT",
        "errors<5           | errors         | COUNT",
        "closed<5           | closed         | COUNT",
        "max_concurrent>5   | max_concurrent | COUNT",
        "attempts<5         | attempts       | COUNT",
        "error_rate<0.01    | error_rate     | RATIO",
        "connect_rate>100   | connect_rate   | PER_SECOND",
        "planned_p(99)<50   | planned_p(99) | LATENCY",
        "planned_p (99.90)<5| planned_p(99.9) | LATENCY",
        "planned_avg<50     | planned_avg    | LATENCY",
        "planned_min<50     | planned_min    | LATENCY",
        "planned_max<50     | planned_max    | LATENCY",
        "planned_med<50     | planned_med    | LATENCY",
        "late_starts<=10    | late_starts    | COUNT",
        "late_start_rate<1% | late_start_rate | RATIO",
        "attempt_rate>=900/s| attempt_rate   | PER_SECOND",
    })
    void parsesEveryMetric(String expression, String canonicalName, Metric.Kind kind) {
        Threshold t = Threshold.parse(expression);
        assertEquals(canonicalName, t.metric().canonicalName());
        assertEquals(kind, t.metric().kind());
        assertEquals(expression, t.expression());
    }

    @Test
    void parsesAPercentileFromThePlannedStart() {
        Threshold t = Threshold.parse("planned_p(99.5) < 20ms");
        assertEquals(new Metric.Percentile(Metric.LatencyBasis.PLANNED, 99.5), t.metric());
        assertEquals(Metric.LatencyBasis.PLANNED, t.metric().latencyBasis());
        assertEquals(20_000, t.value());
        assertEquals(Metric.LatencyBasis.CONNECT, Threshold.parse("p(99)<1").metric().latencyBasis());
        assertEquals(null, Threshold.parse("late_starts<1").metric().latencyBasis());
    }

    @ParameterizedTest
    @EnumSource(ErrorReason.class)
    void parsesErrorsOfEachReason(ErrorReason reason) {
        Threshold t = Threshold.parse("errors_" + reason.key() + "<=3");
        assertEquals(new Metric.ReasonErrors(reason), t.metric());
        assertEquals("errors_" + reason.key(), t.metric().canonicalName());
        assertEquals(3, t.value());
    }

    @ParameterizedTest
    @CsvSource({
        "errors<1, LESS_THAN",
        "errors<=1, LESS_OR_EQUAL",
        "errors>1, GREATER_THAN",
        "errors>=1, GREATER_OR_EQUAL",
        "errors==1, EQUAL",
        "errors!=1, NOT_EQUAL",
    })
    void parsesEveryOperator(String expression, Operator operator) {
        Threshold t = Threshold.parse(expression);
        assertEquals(operator, t.operator());
        assertEquals(1, t.value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p(99)<50ms         | 50000",
        "p(99)<50           | 50000",
        "p(99)<12.345       | 12345",
        "p(99)<500us        | 500",
        "p(99)<0.5us        | 0.5",
        "p(99)<1.5s         | 1500000",
        "p(99)<2s           | 2000000",
        "max<0              | 0",
        "error_rate<=0.1%   | 0.001",
        "error_rate<1%      | 0.01",
        "error_rate<100%    | 1",
        "error_rate<0.01    | 0.01",
        "error_rate<1       | 1",
        "connect_rate>=1000 | 1000",
        "connect_rate>=1000/s | 1000",
        "established>=9990  | 9990",
        "errors<=.5         | 0.5",
    })
    void convertsValuesToTheBaseUnit(String expression, double base) {
        assertEquals(base, Threshold.parse(expression).value(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "p(99)<=50ms", " p(99)<=50ms ", "p(99) <= 50ms", "p(99) <= 50 ms", "p ( 99 ) <= 50 ms",
        "\tp(99)\n<=\t50ms\n", "p( 99 )<=50ms",
    })
    void allowsWhitespaceBetweenTokens(String expression) {
        Threshold t = Threshold.parse(expression);
        assertEquals(new Metric.Percentile(99), t.metric());
        assertEquals(Operator.LESS_OR_EQUAL, t.operator());
        assertEquals(50_000, t.value());
        assertEquals(expression.strip(), t.expression());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void rejectsEmpty(String expression) {
        ThresholdSyntaxException e = assertThrows(ThresholdSyntaxException.class, () -> Threshold.parse(expression));
        assertTrue(e.getMessage().startsWith("empty threshold"), e.getMessage());
    }

    @Test
    void pointsAtADoubledOperator() {
        assertMessage("p(99)<<50ms", "bad threshold 'p(99)<<50ms': expected a number after '<' at column 7");
    }

    @Test
    void listsTheMetricsForAnUnknownOne() {
        assertMessage("p99<50ms", "unknown metric 'p99' in 'p99<50ms' (metrics: p(N), avg, min, max, med, "
                + "planned_p(N), planned_avg, planned_min, planned_max, planned_med, tls_p(N), tls_avg, tls_min, "
                + "tls_max, tls_med, response_p(N), response_avg, response_min, response_max, response_med, established, "
                + "errors, error_rate, closed, max_concurrent, connect_rate, attempts, "
                + "attempt_rate, late_starts, late_start_rate, errors_tls, errors_<reason>, messages, responses, "
                + "response_timeouts, bytes_sent, bytes_received)");
    }

    @Test
    void listsTheReasonsForAnUnknownOne() {
        assertMessage("errors_dns<1", "unknown error reason 'dns' in 'errors_dns<1' (reasons: refused, timeout, "
                + "unreachable, reset, ports_exhausted, open_files, source_not_local, deadline, other, tls_expired, tls_not_yet_valid, tls_unknown_authority, tls_hostname_mismatch, tls_timeout, tls_refused, tls_client_cert, tls_not_tls, tls_closed, tls_other, no_answer, unexpected_answer, closed_before_answer, starttls_refused)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // missing metric
        "<50ms              | expected a metric (p(N), avg, min, max, med, planned_p(N), planned_avg, planned_min, planned_max, planned_med, tls_p(N), tls_avg, tls_min, tls_max, tls_med, response_p(N), response_avg, response_min, response_max, response_med, established, errors, error_rate, closed, max_concurrent, connect_rate, attempts, attempt_rate, late_starts, late_start_rate, errors_tls, errors_<reason>, messages, responses, response_timeouts, bytes_sent, bytes_received) at column 1",
        "p                  | unknown metric 'p'",
        "P(99)<50ms         | unknown metric 'P'",
        "latency<50ms       | unknown metric 'latency'",
        // missing operator
        "p(99) 50ms         | expected an operator (<, <=, >, >=, ==, !=) after 'p(99)' at column 7",
        "p(99)              | expected an operator (<, <=, >, >=, ==, !=) after 'p(99)' at column 6",
        "errors=1           | '=' is not an operator, use '==' at column 7",
        "errors!1           | expected an operator (<, <=, >, >=, ==, !=) after 'errors' at column 7",
        "p(99)x<50ms        | expected an operator (<, <=, >, >=, ==, !=) after 'p(99)' at column 6",
        // missing value
        "p(99)<             | expected a number after '<' at column 7",
        "p(99)<=            | expected a number after '<=' at column 8",
        "p(99)< ms          | expected a number after '<' at column 8",
        "errors<-1          | expected a number after '<' at column 8",
        "errors===1         | expected a number after '==' at column 9",
        // bad number
        "p(99)<1.2.3ms      | bad number '1.2.3' at column 7",
        "p(99)<.ms          | bad number '.' at column 7",
        // percentile
        "p(0)<50ms          | percentile 0 is out of range (p(N) needs 0 < N <= 100) at column 3",
        "p(0.0)<50ms        | percentile 0.0 is out of range (p(N) needs 0 < N <= 100) at column 3",
        "p(101)<50ms        | percentile 101 is out of range (p(N) needs 0 < N <= 100) at column 3",
        "p(100.01)<50ms     | percentile 100.01 is out of range (p(N) needs 0 < N <= 100) at column 3",
        "p()<50ms           | expected a number after 'p(' at column 3",
        "p(-1)<50ms         | expected a number after 'p(' at column 3",
        "p(99<50ms          | expected ')' after the percentile at column 5",
        "p(99 9)<50ms       | expected ')' after the percentile at column 6",
        // unknown unit
        "p(99)<50xs         | unknown unit 'xs' (units: us, ms, s for latencies, % for error_rate and late_start_rate, /s for connect_rate and attempt_rate) at column 9",
        "p(99)<50MS         | unknown unit 'MS'",
        "p(99)<50msx        | unknown unit 'msx'",
        "p(99)<1e3          | unknown unit 'e' (units: us, ms, s for latencies, % for error_rate and late_start_rate, /s for connect_rate and attempt_rate) at column 8",
        "p(99)<50xs garbage | unknown unit 'xs'",
        // unit that does not fit the metric
        "p(99)<5%           | unit '%' does not fit p(99) (it takes us, ms or s (milliseconds when bare)) at column 8",
        "avg</s             | expected a number after '<' at column 5",
        "avg<5/s            | unit '/s' does not fit avg",
        "established>=10ms  | unit 'ms' does not fit established (it takes no unit) at column 16",
        "errors<1%          | unit '%' does not fit errors (it takes no unit) at column 9",
        "errors_timeout<1s  | unit 's' does not fit errors_timeout (it takes no unit)",
        "error_rate<1ms     | unit 'ms' does not fit error_rate (it takes % or a bare fraction 0..1) at column 13",
        "connect_rate>5ms   | unit 'ms' does not fit connect_rate (it takes /s or no unit) at column 15",
        "connect_rate>5%    | unit '%' does not fit connect_rate",
        // rate out of range
        "error_rate<5       | a bare rate is a fraction 0..1, 5 is above 1 (did you mean 5%?) at column 12",
        "error_rate<101%    | a rate cannot be above 100% at column 12",
        // trailing garbage
        "p(99)<50ms garbage | unexpected 'garbage' at column 12",
        "p(99)<50ms<60ms    | unexpected '<60ms' at column 11",
        "p(99)<50 0ms       | unexpected '0ms' at column 10",
        "p(99)<50ms)        | unexpected ')' at column 11",
    })
    void namesTheBadPart(String expression, String expectedPart) {
        ThresholdSyntaxException e = assertThrows(ThresholdSyntaxException.class, () -> Threshold.parse(expression));
        assertTrue(e.getMessage().contains(expectedPart), () -> "message: " + e.getMessage());
        assertTrue(e.getMessage().contains("'" + expression + "'"), () -> "message: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void keepsTheMessageOnOneLine() {
        ThresholdSyntaxException e = assertThrows(ThresholdSyntaxException.class, () -> Threshold.parse("p(99)\n<5x"));
        assertEquals("bad threshold 'p(99)\\n<5x': unknown unit 'x' (units: us, ms, s for latencies, % for error_rate and late_start_rate, /s for connect_rate and attempt_rate)"
                + " at column 9", e.getMessage());
    }

    @Test
    void isAnIllegalArgument() {
        assertInstanceOf(IllegalArgumentException.class,
                assertThrows(ThresholdSyntaxException.class, () -> Threshold.parse("x<1")));
    }

    @Test
    void percentileRejectsOutOfRangeDirectly() {
        assertThrows(IllegalArgumentException.class, () -> new Metric.Percentile(0));
        assertThrows(IllegalArgumentException.class, () -> new Metric.Percentile(100.5));
        assertThrows(IllegalArgumentException.class, () -> new Metric.Percentile(Double.NaN));
    }

    private static void assertMessage(String expression, String message) {
        assertEquals(message, assertThrows(ThresholdSyntaxException.class, () -> Threshold.parse(expression))
                .getMessage());
    }
}
