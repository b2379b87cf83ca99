package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's logic with a manual clock: minutes of monitoring in no time. Services, their group
 * and alerts (state-based with damping, windowed as HttpMonitor's, held back in favour of the group).
 */
class MonitorCoreTest {
    private final ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 14, 0, 1), ZoneId.of("Europe/Paris"));
    private final Recorder recorder = new Recorder();

    private MonitorCore core(String yaml) throws Exception {
        MonitorConfig config = new ConfigReader(List.of()).read("test.yaml", yaml);
        MonitorCore core = new MonitorCore(config, clock, recorder);
        core.start();
        return core;
    }

    /** One round: every listed service probed (a number: open in that many ms; a word: failed), then 2 s pass. */
    private void round(MonitorCore core, Object... serviceThenProbe) {
        for (int i = 0; i < serviceThenProbe.length; i += 2) {
            String service = (String) serviceThenProbe[i];
            Object p = serviceThenProbe[i + 1];
            core.onResult(p instanceof Integer ms ? Results.open(service, clock, ms)
                    : Results.failed(service, clock, ProbeOutcome.valueOf(((String) p).toUpperCase())));
        }
        clock.advance(2, TimeUnit.SECONDS);
        core.tick();
    }

    private static final String GROUPED = """
            defaults: {interval: 2s}
            services:
              - {name: a, address: "127.0.0.1:1001"}
              - {name: b, address: "127.0.0.1:1002"}
            groups:
              - {name: pair, members: [a, b], policy: all, suppress_member_alerts: true}
            alerts:
              - {name: a-down, target: a, when: down}
              - {name: pair-down, target: pair, when: down, success_threshold: 2}
            """;

    @Test
    void oneOutageOfTheWholeGroupIsOneAlertAndOneRecovery() throws Exception {
        MonitorCore core = core(GROUPED);
        round(core, "a", 1, "b", 1);
        assertEquals(List.of("a: UP (open in 1.0 ms)", "b: UP (open in 1.0 ms)", "pair: UP (all 2 members up)"), recorder.drain());
        round(core, "a", "timeout", "b", "timeout");
        round(core, "a", "timeout", "b", "timeout");
        assertEquals(List.of(), recorder.drain(), "damped: two failures are not DOWN");
        round(core, "a", "timeout", "b", "timeout");
        assertEquals(List.of("a: DOWN (3 consecutive timeouts)", "pair: DOWN (1 of 2 members down: a)",
                "b: DOWN (3 consecutive timeouts)",
                "ALERT a-down SUPPRESSED: a DOWN (3 consecutive timeouts); held back: pair is DOWN",
                "ALERT pair-down FIRING: pair DOWN (2 of 2 members down: a, b)"), recorder.drain());
        assertTrue(core.firing("a-down") && core.firing("pair-down"));
        assertEquals(List.of("a-down false ", "pair-down true "), recorder.alerts.stream()
                .map(e -> e.alert() + " " + e.group() + " " + e.value()).toList(),
                "the group's alert says it is a group's; a state rule has no value");
        round(core, "a", "timeout", "b", "timeout");
        assertEquals(List.of(), recorder.drain(), "no reminder configured, nothing more");
        round(core, "a", 1, "b", 1);
        assertEquals(List.of("a: UP (open in 1.0 ms)", "b: UP (open in 1.0 ms)", "pair: UP (all 2 members up)"),
                recorder.drain(), "a-down resolves unsent: its firing was never sent");
        round(core, "a", 1, "b", 1);
        assertEquals(List.of("ALERT pair-down RESOLVED: pair UP (all 2 members up)"), recorder.drain(),
                "the group's recovery after its success_threshold of 2 checks");
        round(core, "a", 1, "b", 1);
        assertEquals(List.of(), recorder.drain());
    }

    @Test
    void aMemberAloneDownStillAlertsWhileItsGroupIsNotDown() throws Exception {
        MonitorCore core = core(GROUPED.replace("policy: all", "policy: any"));
        round(core, "a", 1, "b", 1);
        recorder.drain();
        for (int i = 0; i < 3; i++) {
            round(core, "a", "refused", "b", 1);
        }
        assertEquals(List.of("a: DOWN (3 consecutive connections refused)",
                "ALERT a-down FIRING: a DOWN (3 consecutive connections refused)"), recorder.drain());
    }

    @Test
    void windowedAverageAlertsAndSaysWhenItDropsBack() throws Exception {
        MonitorCore core = core("""
                services:
                  - {name: api, address: "127.0.0.1:1001", interval: 10s}
                alerts:
                  - name: api-slow
                    target: api
                    when: {stat: avg, over: 2m, above: 200ms}
                    check_every: 10s
                    failure_threshold: 2
                    reminder: 1m
                    channels: [stdout]
                """);
        for (int i = 0; i < 12; i++) { // 2 minutes at 150 ms
            core.onResult(Results.open("api", clock, 150));
            clock.advance(10, TimeUnit.SECONDS);
            core.tick();
        }
        assertEquals(List.of("api: UP (open in 150 ms)"), recorder.drain());
        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) { // then 400 ms: the 2-minute average climbs past 200 ms
            core.onResult(Results.open("api", clock, 400));
            clock.advance(10, TimeUnit.SECONDS);
            core.tick();
            seen.addAll(recorder.drain());
        }
        assertEquals(List.of("ALERT api-slow FIRING: api avg 233 ms > 200 ms over 2m",
                "ALERT api-slow REMINDER: api avg 358 ms > 200 ms over 2m",
                "ALERT api-slow REMINDER: api avg 400 ms > 200 ms over 2m",
                "ALERT api-slow REMINDER: api avg 400 ms > 200 ms over 2m"), seen.subList(0, Math.min(4, seen.size())));
        assertEquals(List.of("233 ms", "358 ms", "400 ms", "400 ms"), recorder.alerts.stream().limit(4)
                .map(dev.tcpswarm.monitor.alert.AlertEvent::value).toList(), "the figure the rule judged");
        seen.clear();
        for (int i = 0; i < 12; i++) {
            core.onResult(Results.open("api", clock, 100));
            clock.advance(10, TimeUnit.SECONDS);
            core.tick();
            seen.addAll(recorder.drain());
        }
        assertEquals(1, seen.stream().filter(l -> l.contains("RESOLVED")).count(), seen.toString());
        String last = seen.get(seen.size() - 1);
        assertTrue(last.matches("ALERT api-slow RESOLVED: api avg \\d+ ms <= 200 ms over 2m"), last);
    }

    @Test
    void notUpIsSilentOnTheUnknownOfAFreshStartAndFiresOnDown() throws Exception {
        MonitorCore core = core("""
                defaults: {interval: 2s}
                services:
                  - {name: a, address: "127.0.0.1:1001"}
                  - {name: b, address: "127.0.0.1:1002"}
                groups:
                  - {name: stack, members: [a, b]}
                alerts:
                  - {name: stack-not-up, target: stack, when: not_up}
                  - {name: a-not-up, target: a, when: not_up}
                """);
        for (int i = 0; i < 3; i++) { // checks before any probe: everything UNKNOWN
            clock.advance(2, TimeUnit.SECONDS);
            core.tick();
        }
        round(core, "b", 1); // b judged, a not yet: the group still UNKNOWN
        assertEquals(List.of("b: UP (open in 1.0 ms)"), recorder.drain(), "UNKNOWN is not a failure");
        for (int i = 0; i < 3; i++) {
            round(core, "a", "timeout", "b", 1);
        }
        List<String> seen = recorder.drain();
        assertTrue(seen.contains("ALERT stack-not-up FIRING: stack DOWN (1 of 2 members down: a)"), seen.toString());
        assertTrue(seen.contains("ALERT a-not-up FIRING: a DOWN (3 consecutive timeouts)"), seen.toString());
    }

    @Test
    void degradedFiresOnDownToo() throws Exception {
        MonitorCore core = core("""
                services:
                  - {name: a, address: "127.0.0.1:1001", interval: 2s}
                alerts:
                  - {name: a-degraded, target: a, when: degraded}
                """);
        round(core, "a", 1);
        recorder.drain();
        for (int i = 0; i < 3; i++) {
            round(core, "a", "refused");
        }
        assertEquals(List.of("a: DOWN (3 consecutive connections refused)",
                "ALERT a-degraded FIRING: a DOWN (3 consecutive connections refused)"), recorder.drain());
        assertTrue(core.firing("a-degraded"));
    }

    @Test
    void aReasonSaysWhatTheWindowHeldUntilTheWindowIsCovered() throws Exception {
        MonitorCore core = core("""
                services:
                  - name: api
                    address: "127.0.0.1:1001"
                    interval: 10s
                    evaluation: {window: 5m, min_samples: 1, degraded: {latency: {percentile: 95, above: 50ms}}}
                """);
        round(core, "api", 80);
        assertEquals(List.of("api: DEGRADED (p95 80 ms > 50 ms over 1 probe)"), recorder.drain(),
                "one probe is not five minutes");
        for (int i = 0; i < 2; i++) {
            clock.advance(8, TimeUnit.SECONDS);
            round(core, "api", 80);
        }
        assertEquals(List.of(), recorder.drain());
        assertEquals("p95 80 ms > 50 ms over 3 probes in 20s", core.services().get("api").standing().reason());
        for (int i = 0; i < 30; i++) { // past five minutes of probing
            clock.advance(8, TimeUnit.SECONDS);
            round(core, "api", 80);
        }
        assertEquals("p95 80 ms > 50 ms over 5m", core.services().get("api").standing().reason());
    }
}
