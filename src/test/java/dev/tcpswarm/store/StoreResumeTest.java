package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.ServiceState;
import dev.tcpswarm.monitor.StateChange;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart resumes from the store: a service that was DOWN is still DOWN (no new state change, no
 * second alert), its since-time is the first run's, reminders go on from the last one sent, and the
 * recovery is sent when it comes back; the uptime counts both runs' probes.
 */
class StoreResumeTest {
    @TempDir
    Path dir;

    private static final class Lines implements MonitorListener {
        final List<String> lines = new ArrayList<>();
        final List<Long> alertTimes = new ArrayList<>();

        @Override
        public void stateChanged(StateChange change) {
            lines.add(change.line());
        }

        @Override
        public void alert(AlertEvent event) {
            lines.add("ALERT " + event.line());
            alertTimes.add(event.epochMillis());
        }
    }

    @Test
    void aRestartGoesOnFromTheStoredStatesAndAlerts() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 14, 0, 0), ZoneId.of("UTC"));
        Path db = dir.resolve("h.db");
        String yaml = """
                services:
                  - {name: db, address: "127.0.0.1:1001"}
                  - {name: api, address: "127.0.0.1:1002"}
                groups:
                  - {name: backend, members: [db, api]}
                alerts:
                  - {name: db-down, target: db, when: down, reminder: 10m, check_every: 2s}
                store: {path: "%s"}
                """.formatted(db);
        long downSince;
        Lines first = new Lines();
        try (Feed feed = new Feed(clock, yaml, null, c -> List.of(first))) {
            feed.core.start();
            rounds(feed, 5, true);
            downSince = clock.epochMillis() + 4000; // the third failure
            rounds(feed, 30, false); // a minute down: FIRING once
            feed.core.finish();
        }
        assertEquals(List.of("db: UP (open in 1.0 ms)", "api: UP (open in 1.0 ms)", "backend: UP (all 2 members up)",
                "db: DOWN (3 consecutive timeouts)", "backend: DOWN (1 of 2 members down: db)",
                "ALERT db-down FIRING: db DOWN (3 consecutive timeouts)"), first.lines);

        clock.advance(3, TimeUnit.MINUTES); // the monitor was stopped for 3 minutes
        Resume resume;
        try (StoreReader reader = StoreReader.open(db, false)) {
            resume = reader.resume();
        }
        assertEquals(new Resume.LastState("db", false, ServiceState.DOWN, "3 consecutive timeouts", downSince),
                resume.states().stream().filter(s -> s.name().equals("db")).findFirst().orElseThrow());
        assertEquals(List.of("db-down"), resume.alerts().stream().map(Resume.LastAlert::alert).toList());

        Lines second = new Lines();
        try (Feed feed = new Feed(clock, yaml, null, c -> List.of(second))) {
            feed.core.resume(resume);
            feed.core.start();
            assertEquals(ServiceState.DOWN, feed.core.services().get("db").standing().state());
            assertEquals(downSince, feed.core.services().get("db").standing().sinceEpochMillis());
            assertEquals(ServiceState.DOWN, feed.core.groups().get("backend").state());
            rounds(feed, 60, false); // two more minutes down: nothing new
            assertEquals(List.of(), second.lines, "still DOWN: no change, no second firing");
            rounds(feed, 150, false); // 10 minutes after the firing was sent (1 + 3 + 2 + 5 minutes)
            assertEquals(1, second.lines.size(), second.lines.toString());
            assertTrue(second.lines.get(0).startsWith("ALERT db-down REMINDER: db DOWN ("), second.lines.toString());
            long sinceFiring = second.alertTimes.get(0) - first.alertTimes.get(0);
            assertTrue(sinceFiring >= TimeUnit.MINUTES.toMillis(10) && sinceFiring <= TimeUnit.MINUTES.toMillis(10) + 2000,
                    "the reminder 10 minutes after the firing sent by the first run: " + sinceFiring + " ms");
            second.lines.clear();
            rounds(feed, 2, true);
            assertEquals(List.of("db: UP (open in 1.0 ms)", "backend: UP (all 2 members up)",
                    "ALERT db-down RESOLVED: db UP (open in 1.0 ms)"), second.lines);
            feed.core.finish();
            clock.advance(2, TimeUnit.MINUTES);
            feed.flush();
        }
        try (StoreReader reader = StoreReader.open(db, false)) {
            StoreReader.Counts db24h = reader.counts("db", clock.epochMillis() - TimeUnit.HOURS.toMillis(24),
                    clock.epochMillis());
            assertEquals(new StoreReader.Counts(5 + 30 + 60 + 150 + 2, 30 + 60 + 150), db24h,
                    "uptime over both runs");
        }
    }

    /** {@code n} rounds 2 s apart: api open, db open or timing out. */
    private static void rounds(Feed feed, int n, boolean dbOpen) {
        for (int i = 0; i < n; i++) {
            feed.core.onResult(dbOpen ? Feed.open("db", feed.clock, 1000) : Feed.failed("db", feed.clock, ProbeOutcome.TIMEOUT));
            feed.core.onResult(Feed.open("api", feed.clock, 1000));
            feed.clock.advance(2, TimeUnit.SECONDS);
            feed.core.tick();
        }
    }
}
