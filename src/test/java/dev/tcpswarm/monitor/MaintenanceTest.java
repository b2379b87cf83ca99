package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MaintenanceWindow;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Maintenance windows with a manual clock: the state shows MAINTENANCE, alerts are held, the
 * window's probes are marked (so no table or uptime counts them), and a recurring window follows
 * its zone's clock changes.
 */
class MaintenanceTest {
    private final Recorder recorder = new Recorder();
    private final List<ProbeResult> probes = new ArrayList<>();

    private MonitorCore core(ManualClock clock, String yaml) throws Exception {
        MonitorConfig config = new ConfigReader(List.of()).read("test.yaml", yaml);
        MonitorListener probed = new MonitorListener() {
            @Override
            public void probed(ProbeResult result) {
                probes.add(result);
            }
        };
        MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(recorder).add(probed));
        core.start();
        return core;
    }

    private static void round(MonitorCore core, ManualClock clock, Object... serviceThenProbe) {
        for (int i = 0; i < serviceThenProbe.length; i += 2) {
            String service = (String) serviceThenProbe[i];
            Object p = serviceThenProbe[i + 1];
            core.onResult(p instanceof Integer ms ? Results.open(service, clock, ms)
                    : Results.failed(service, clock, ProbeOutcome.valueOf(((String) p).toUpperCase())));
        }
        clock.advance(2, TimeUnit.SECONDS);
        core.tick();
    }

    @Test
    void aOneOffWindowShowsMaintenanceHoldsTheAlertsAndEndsOnTime() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 10, 1, 59, 54), ZoneOffset.UTC);
        MonitorCore core = core(clock, """
                services:
                  - {name: db, address: "127.0.0.1:1001"}
                  - {name: web, address: "127.0.0.1:1002"}
                alerts:
                  - {name: db-down, target: db, when: not_up}
                  - {name: web-down, target: web, when: down}
                maintenance:
                  - name: db-upgrade
                    targets: [db]
                    from: 2026-12-10T02:00:00Z
                    to: 2026-12-10T02:00:20Z
                """);
        round(core, clock, "db", 1, "web", 1);
        round(core, clock, "db", 1, "web", 1);
        assertEquals(List.of("db: UP (open in 1.0 ms)", "web: UP (open in 1.0 ms)"), recorder.drain());
        long due = core.nextDueNanos() - clock.nanoTime();
        assertEquals(TimeUnit.SECONDS.toNanos(2), due, "the window's start is the next tick (alerts check every 30s)");
        round(core, clock, "db", 1, "web", 1);
        assertEquals(List.of("db: MAINTENANCE (maintenance db-upgrade until 2026-12-10 02:00:20)"), recorder.drain(),
                "at 02:00:00 exactly");
        assertEquals(ServiceState.MAINTENANCE, core.services().get("db").standing().state());
        for (int i = 0; i < 9; i++) {
            round(core, clock, "db", "refused", "web", 1);
        }
        assertEquals(List.of(), recorder.drain(), "no DOWN shown and no alert during the window");
        assertFalse(core.firing("db-down"));
        assertEquals(ServiceState.DOWN, core.services().get("db").standing().judged(), "judged on, unseen");
        long marked = probes.stream().filter(p -> p.service().equals("db") && "db-upgrade".equals(p.maintenance())).count();
        assertEquals(9, marked, "the probes of the window are marked (counted in no table or uptime)");
        round(core, clock, "db", "refused", "web", 1); // the last probe of the window; at 02:00:20 it ends
        assertEquals(List.of("db: DOWN (10 consecutive connections refused)",
                "ALERT db-down FIRING: db DOWN (10 consecutive connections refused)"), recorder.drain(),
                "what the probes of the window made of it, shown when it ends; the held alert is checked then");
        round(core, clock, "db", "refused", "web", 1);
        assertEquals(List.of(), recorder.drain());
        assertNull(probes.get(probes.size() - 2).maintenance(), "after the window, its probes count again");
    }

    @Test
    void aFiringAlertIsHeldThroughTheWindowAndAGroupsWindowCoversItsMembers() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 10, 1, 59, 0), ZoneOffset.UTC);
        MonitorCore core = core(clock, """
                services:
                  - {name: a, address: "127.0.0.1:1001"}
                  - {name: b, address: "127.0.0.1:1002"}
                  - {name: c, address: "127.0.0.1:1003"}
                groups:
                  - {name: caches, members: [a, b], policy: all}
                  - {name: all3, members: [a, b, c], policy: all}
                alerts:
                  - {name: caches-down, target: caches, when: down, check_every: 2s}
                maintenance:
                  - {name: weekly, targets: [caches], from: 2026-12-10T02:00:00Z, to: 2026-12-10T02:01:00Z}
                """);
        for (int i = 0; i < 3; i++) {
            round(core, clock, "a", "timeout", "b", 1, "c", 1);
        }
        assertTrue(core.firing("caches-down"));
        recorder.drain();
        clock.advance(54, TimeUnit.SECONDS); // 02:00:00
        core.tick();
        assertEquals(List.of("a: MAINTENANCE (maintenance weekly until 2026-12-10 02:01:00)",
                "b: MAINTENANCE (maintenance weekly until 2026-12-10 02:01:00)",
                "all3: UP (all 1 members up; 2 in maintenance: a, b)",
                "caches: MAINTENANCE (maintenance weekly until 2026-12-10 02:01:00)"), recorder.drain(),
                "all3 is judged on c alone while a and b are in the window");
        for (int i = 0; i < 20; i++) {
            round(core, clock, "a", 1, "b", 1, "c", 1);
        }
        assertEquals(List.of(), recorder.drain(), "no RESOLVED during the window: the alert is held");
        assertTrue(core.firing("caches-down"));
        round(core, clock, "a", 1, "b", 1, "c", 1); // 02:00:42 .. the window ends at 02:01:00
        for (int i = 0; i < 9; i++) {
            round(core, clock, "a", 1, "b", 1, "c", 1);
        }
        List<String> after = recorder.drain();
        assertEquals(List.of("a: UP (open in 1.0 ms)", "b: UP (open in 1.0 ms)", "caches: UP (all 2 members up)",
                "ALERT caches-down RESOLVED: caches UP (all 2 members up)"), after,
                "the group shows its members' state again, not the DOWN it had before the window");
        assertEquals("all 3 members up", core.groups().get("all3").reason());
    }

    @Test
    void aWeeklyWindowFollowsBerlinsClockChanges() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        MaintenanceWindow w = new MaintenanceWindow("weekly", java.util.Set.of("a"), java.util.Set.of(), null, null,
                java.time.DayOfWeek.SUNDAY, java.time.LocalTime.of(2, 0), java.time.Duration.ofHours(2), berlin);
        // 22 March 2026, CET (+01:00): 02:00-04:00 local is 01:00-03:00 UTC
        assertEquals(new MaintenanceWindow.Span(Instant.parse("2026-03-22T01:00:00Z"), Instant.parse("2026-03-22T03:00:00Z")),
                w.at(Instant.parse("2026-03-22T01:00:00Z")));
        assertNull(w.at(Instant.parse("2026-03-22T00:59:59Z")));
        assertNull(w.at(Instant.parse("2026-03-22T03:00:00Z")), "the end is exclusive");
        // 29 March 2026: clocks jump from 02:00 CET to 03:00 CEST; 02:00 does not exist, the window
        // starts when the clock reads 03:00 (01:00 UTC) and lasts 2 real hours, to 05:00 CEST
        assertEquals(new MaintenanceWindow.Span(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T03:00:00Z")),
                w.at(Instant.parse("2026-03-29T02:59:59Z")));
        // 5 April 2026, CEST (+02:00): 00:00-02:00 UTC
        assertEquals(Instant.parse("2026-04-05T00:00:00Z"), w.nextChangeAfter(Instant.parse("2026-03-29T03:00:00Z")));
        assertNull(w.at(Instant.parse("2026-04-05T02:00:00Z")));
        // 25 October 2026: 02:00-02:59 happens twice; the window starts at the first (CEST, 00:00 UTC)
        assertEquals(new MaintenanceWindow.Span(Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T02:00:00Z")),
                w.at(Instant.parse("2026-10-25T01:30:00Z")));
        assertEquals(Instant.parse("2026-10-25T02:00:00Z"), w.nextChangeAfter(Instant.parse("2026-10-25T01:30:00Z")));
        assertNull(w.at(Instant.parse("2026-10-26T01:00:00Z")), "Monday: no window");
    }

    @Test
    void theCoreEntersARecurringWindowAtTheZonesShiftedHour() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // Sunday 29 March 2026, 01:59:50 CET: ten seconds before the clocks jump to 03:00 CEST
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 3, 29, 1, 59, 50), berlin);
        MonitorCore core = core(clock, """
                services:
                  - {name: cache, address: "127.0.0.1:1001"}
                maintenance:
                  - {name: weekly, targets: [cache], every: sunday 02:00, for: 2h, timezone: Europe/Berlin}
                """);
        round(core, clock, "cache", 1);
        assertEquals(List.of("cache: UP (open in 1.0 ms)"), recorder.drain());
        assertEquals(TimeUnit.SECONDS.toNanos(8), core.nextDueNanos() - clock.nanoTime(), "at 03:00 CEST, 01:00 UTC");
        clock.advance(8, TimeUnit.SECONDS);
        core.tick();
        assertEquals(List.of("cache: MAINTENANCE (maintenance weekly until 2026-03-29 05:00:00)"), recorder.drain(),
                "two real hours: 05:00 CEST");
        clock.advance(2, TimeUnit.HOURS);
        core.tick();
        assertEquals(List.of("cache: UP (open in 1.0 ms)"), recorder.drain());
    }
}
