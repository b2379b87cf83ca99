package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.EvaluationConfig;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Service evaluation as a table: probes in, state changes (and their exact reasons) out. */
class ServiceHealthTest {
    private final ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 14, 0), ZoneOffset.UTC);

    /** Feeds one probe every 2 s: a number is an open probe's connect time in ms, a word a failure. */
    private List<String> feed(ServiceHealth h, Object... probes) {
        List<String> changes = new ArrayList<>();
        for (Object p : probes) {
            ProbeResult r = p instanceof Integer ms ? Results.open("db", clock, ms)
                    : Results.failed("db", clock, ProbeOutcome.valueOf(((String) p).toUpperCase()));
            StateChange c = h.apply(r);
            changes.add(c == null ? "-" : c.line());
            clock.advance(2, TimeUnit.SECONDS);
        }
        return changes;
    }

    @Test
    void downOnlyAfterThreeConsecutiveFailuresAndTheReasonNamesThem() {
        ServiceHealth h = new ServiceHealth("db", EvaluationConfig.DEFAULTS, 0);
        assertEquals(List.of("db: UP (open in 1.0 ms)", "-", "-", "-", "-", "-", "db: DOWN (3 consecutive timeouts)", "-"),
                feed(h, 1, "timeout", "timeout", 2, "timeout", "timeout", "timeout", "timeout"));
    }

    /** A failed conversation's probe: {@code words} are the engine's, as ProbeDialer gives them. */
    private ProbeResult conversationFailed(ProbeOutcome outcome, String words) {
        return new ProbeResult("cache", clock.nanoTime(), clock.nanoTime(), clock.epochMillis(), outcome, 200_000, -1,
                "127.0.0.1:6379", 1, words);
    }

    @Test
    void aConversationsFailureSaysWhatWasWrong() {
        EvaluationConfig one = EvaluationConfig.DEFAULTS.singleProbe();
        assertEquals("cache: DOWN (no answer within 1s)", new ServiceHealth("cache", one, 0)
                .apply(conversationFailed(ProbeOutcome.NO_ANSWER, "no answer within 1s")).line());
        assertEquals("cache: DOWN (expected /^\\+PONG/ but got \"-ERR unknown command\")", new ServiceHealth("cache", one, 0)
                .apply(conversationFailed(ProbeOutcome.UNEXPECTED_ANSWER,
                        "expected /^\\+PONG/ but got \"-ERR unknown command\"")).line());
        ServiceHealth h = new ServiceHealth("cache", EvaluationConfig.DEFAULTS, 0);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StateChange c = h.apply(conversationFailed(ProbeOutcome.NO_ANSWER, "no answer within 500ms"));
            lines.add(c == null ? "-" : c.line());
            clock.advance(2, TimeUnit.SECONDS);
        }
        assertEquals(List.of("-", "-", "cache: DOWN (3 consecutive probes without an answer, last: no answer within 500ms)"),
                lines);
        ServiceHealth mixed = new ServiceHealth("cache", EvaluationConfig.DEFAULTS, 0);
        mixed.apply(Results.failed("cache", clock, ProbeOutcome.TIMEOUT));
        mixed.apply(conversationFailed(ProbeOutcome.NO_ANSWER, "no answer within 500ms"));
        assertEquals("cache: DOWN (3 consecutive failures (last: closed by the server before the expected answer))",
                mixed.apply(conversationFailed(ProbeOutcome.CLOSED_BEFORE_ANSWER,
                        "closed by the server before the expected answer")).line());
    }

    @Test
    void mixedFailuresSayTheLastOne() {
        ServiceHealth h = new ServiceHealth("db", EvaluationConfig.DEFAULTS, 0);
        assertEquals(List.of("db: UP (open in 3.0 ms)", "-", "-", "db: DOWN (3 consecutive failures (last: reset))"),
                feed(h, 3, "timeout", "refused", "reset"));
    }

    @Test
    void leavingDownTakesTheConfiguredOpensInARow() {
        EvaluationConfig rules = new EvaluationConfig(TimeUnit.MINUTES.toNanos(5), 5, null, null, null, 2, null, 2);
        ServiceHealth h = new ServiceHealth("db", rules, 0);
        assertEquals(List.of("-", "db: DOWN (2 consecutive connections refused)", "-", "-", "-",
                "db: UP (2 consecutive opens, last open in 4.0 ms)"),
                feed(h, "refused", "refused", 5, "refused", 5, 4));
    }

    @Test
    void oneFailureIsNamedAlone() {
        EvaluationConfig rules = new EvaluationConfig(TimeUnit.MINUTES.toNanos(5), 5, null, null, null, 1, null, 1);
        assertEquals(List.of("db: DOWN (DNS failure)"), feed(new ServiceHealth("db", rules, 0), "dns"));
    }

    @Test
    void degradedWhenTheP95OverTheWindowPassesItsLimitAndBackWhenItDrops() {
        EvaluationConfig rules = new EvaluationConfig(TimeUnit.MINUTES.toNanos(5), 5, 95.0,
                TimeUnit.MILLISECONDS.toNanos(200), null, 3, null, 1);
        ServiceHealth h = new ServiceHealth("api", rules, 0);
        List<String> changes = feed(h, 10, 10, 10, 10, 212); // a fresh start: the reason says what the window held
        assertEquals(List.of("api: UP (open in 10 ms)", "-", "-", "-", "api: DEGRADED (p95 212 ms > 200 ms over 5 probes in 8s)"),
                changes.stream().map(s -> s.replace("db", "api")).toList());
        // 5 minutes later the slow probe has left the window
        clock.advance(5, TimeUnit.MINUTES);
        for (int i = 0; i < 4; i++) {
            assertNull(h.apply(Results.open("api", clock, 10)));
            clock.advance(2, TimeUnit.SECONDS);
        }
        assertEquals("api: UP (p95 10 ms <= 200 ms over 5m)", h.apply(Results.open("api", clock, 10)).line());
    }

    @Test
    void successRatioRulesNeedMinSamples() {
        EvaluationConfig rules = new EvaluationConfig(TimeUnit.MINUTES.toNanos(1), 4, null, null, 0.99, 100, 0.5, 1);
        ServiceHealth h = new ServiceHealth("db", rules, 0);
        assertEquals(List.of("db: UP (open in 1.0 ms)", "-", "-", "db: DEGRADED (success 75.0% < 99% over 4 probes in 6s)", "-", "-",
                "-", "-", "db: DOWN (success 44.4% < 50% over 9 probes in 16s)"),
                feed(h, 1, 1, 1, "timeout", 1, "timeout", "timeout", "timeout", "timeout"));
    }

    @Test
    void downOnLatencyAsDegradedOnLatency() {
        EvaluationConfig rules = new EvaluationConfig(TimeUnit.MINUTES.toNanos(5), 3, 95.0,
                TimeUnit.MILLISECONDS.toNanos(100), null, 3, null, 1, 95.0, TimeUnit.MILLISECONDS.toNanos(500), Set.of());
        ServiceHealth h = new ServiceHealth("db", rules, 0);
        assertEquals(List.of("db: UP (open in 10 ms)", "-", "db: DEGRADED (p95 150 ms > 100 ms over 3 probes in 4s)",
                "db: DOWN (p95 600 ms > 500 ms over 4 probes in 6s)"), feed(h, 10, 10, 150, 600));
    }

    @Test
    void allTimeoutsAreDegradedAnyOtherErrorIsDown() {
        EvaluationConfig rules = new EvaluationConfig(TimeUnit.MINUTES.toNanos(5), 5, null, null, null, 2, null, 1, null,
                null, Set.of(ProbeOutcome.TIMEOUT));
        ServiceHealth h = new ServiceHealth("db", rules, 0);
        assertEquals(List.of("db: UP (open in 1.0 ms)", "-",
                "db: DEGRADED (2 consecutive timeouts (degraded.when_all_failures_are: timeout))", "-",
                "db: DOWN (4 consecutive failures (last: refused))", "db: UP (open in 2.0 ms)", "-",
                "db: DEGRADED (2 consecutive timeouts (degraded.when_all_failures_are: timeout))", "db: UP (open in 3.0 ms)"),
                feed(h, 1, "timeout", "timeout", "timeout", "refused", 2, "timeout", "timeout", 3));
        ServiceHealth refused = new ServiceHealth("db", rules, 0);
        assertEquals(List.of("-", "db: DOWN (2 consecutive connections refused)"), feed(refused, "refused", "refused"));
    }
}
