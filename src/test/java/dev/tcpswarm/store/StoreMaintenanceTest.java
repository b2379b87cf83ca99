package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.ServiceState;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A maintenance window in the store: its entry and exit are state changes like any other, its
 * probes are left out, so the uptime of a service that failed only during its window is 100%; a
 * restart inside the window takes it up again without claiming a judged state.
 */
class StoreMaintenanceTest {
    @TempDir
    Path dir;

    @Test
    void theWindowIsInTheHistoryAndOutOfTheUptime() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 10, 1, 50), ZoneOffset.UTC);
        Path db = dir.resolve("m.db");
        String yaml = """
                services:
                  - {name: db, address: "127.0.0.1:1001"}
                maintenance:
                  - {name: db-upgrade, targets: [db], from: 2026-12-10T02:00:00Z, to: 2026-12-10T02:10:00Z}
                store: {path: "%s"}
                """.formatted(db);
        long start = clock.epochMillis();
        try (Feed feed = new Feed(clock, yaml)) {
            feed.core.start();
            for (int round = 0; round < 900; round++) { // 30 minutes, one probe every 2 s
                long t = clock.epochMillis() - start;
                boolean inWindow = t >= TimeUnit.MINUTES.toMillis(10) && t < TimeUnit.MINUTES.toMillis(20);
                feed.core.onResult(inWindow ? Feed.failed("db", clock, ProbeOutcome.REFUSED) : Feed.open("db", clock, 900));
                clock.advance(2, TimeUnit.SECONDS);
                feed.core.tick();
            }
            feed.flush();
        }
        try (StoreReader reader = StoreReader.open(db, false)) {
            StoreReader.Counts c = reader.counts("db", start, clock.epochMillis());
            assertEquals(600, c.probes(), "the 300 probes of the window are not in the history");
            assertEquals(0, c.failures());
            assertEquals(1.0, c.uptime());
            assertEquals(List.of("unknown -> up", "up -> maintenance (maintenance db-upgrade until 2026-12-10 02:10:00)",
                    "maintenance -> down (300 consecutive connections refused)"),
                    reader.states("db", false, start, clock.epochMillis()).stream().limit(3)
                            .map(s -> s.from() + " -> " + s.to() + (s.to().equals("up") ? "" : " (" + s.reason() + ")"))
                            .toList());
        }
    }

    @Test
    void aRestartInsideTheWindowTakesItUpAgain() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 10, 2, 0, 2), ZoneOffset.UTC);
        Path db = dir.resolve("r.db");
        String yaml = """
                services:
                  - {name: db, address: "127.0.0.1:1001"}
                maintenance:
                  - {name: db-upgrade, targets: [db], from: 2026-12-10T02:00:00Z, to: 2026-12-10T02:10:00Z}
                store: {path: "%s"}
                """.formatted(db);
        try (Feed feed = new Feed(clock, yaml)) {
            feed.core.start();
            feed.core.onResult(Feed.open("db", clock, 900));
            feed.flush();
        }
        try (Feed again = new Feed(clock, yaml); StoreReader reader = StoreReader.open(db, false)) {
            again.core.resume(reader.resume());
            again.core.start();
            assertEquals(ServiceState.MAINTENANCE, again.core.services().get("db").standing().state());
            assertEquals(ServiceState.UNKNOWN, again.core.services().get("db").standing().judged(),
                    "the state before the window is not known from the store");
        }
    }
}
