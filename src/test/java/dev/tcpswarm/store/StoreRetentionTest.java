package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning by the monitor's clock: probes go after {@code retention}, rollups, state changes and
 * notifications after {@code rollup_retention}, except each service's last state (where the next
 * start resumes); a period whose probes are gone is still reported from its rollups.
 */
class StoreRetentionTest {
    @TempDir
    Path dir;

    @Test
    void probesGoAfterTheRetentionRollupsStayLonger() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 1, 12, 0, 0), ZoneId.of("UTC"));
        Path db = dir.resolve("h.db");
        String yaml = """
                services:
                  - {name: a, address: "127.0.0.1:1001"}
                  - {name: b, address: "127.0.0.1:1002"}
                evaluation: {down: {consecutive_failures: 1}}
                store: {path: "%s", retention: 1d, rollup_retention: 3d}
                """.formatted(db);
        long day0 = clock.epochMillis();
        try (Feed feed = new Feed(clock, yaml)) {
            feed.core.start();
            // day 0: ten minutes of a and b; b goes DOWN and back UP (its last change stays however old)
            tenMinutes(feed, 0);
            clock.advance(36, TimeUnit.HOURS);
            // day 1.5: ten minutes of a only
            long day15 = clock.epochMillis();
            tenMinutes(feed, 1);
            clock.advance(5, TimeUnit.MINUTES);
            feed.flush(); // every row written
            clock.advance(1, TimeUnit.HOURS);
            feed.flush(); // the writer prunes every hour by the clock: day 0 is 37 h old, past the 1 day of retention
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                assertEquals(300, StoreHistoryTest.count(s, "SELECT count(*) FROM probe"), "only day 1.5's probes left");
                assertEquals(0, StoreHistoryTest.count(s, "SELECT count(*) FROM probe WHERE t < " + day15));
                assertEquals(10 * 2 + 10, StoreHistoryTest.count(s, "SELECT count(*) FROM rollup"), "every rollup kept");
            }
            try (StoreReader reader = StoreReader.open(db, false)) {
                StoreReader.Counts old = reader.counts("b", day0, day0 + TimeUnit.MINUTES.toMillis(10));
                assertEquals(new StoreReader.Counts(300, 30), old, "day 0 from its rollups: its probes are gone");
                History h = History.read(reader, day0, day0 + TimeUnit.MINUTES.toMillis(10), TimeUnit.MINUTES.toMillis(5),
                        clock.zone());
                assertEquals(List.of(300L, 300L), h.services().stream().map(History.ServiceTotals::probes).toList());
            }

            clock.advance(3, TimeUnit.DAYS); // past the rollups' retention
            feed.flush();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                assertEquals(0, StoreHistoryTest.count(s, "SELECT count(*) FROM probe"));
                assertEquals(0, StoreHistoryTest.count(s, "SELECT count(*) FROM rollup"));
                assertEquals(List.of("a up", "b up"), List.of(
                        StoreHistoryTest.text(s, "SELECT tg.name || ' ' || to_state FROM state_change JOIN target tg"
                                + " ON tg.id = target WHERE tg.name = 'a'"),
                        StoreHistoryTest.text(s, "SELECT group_concat(tg.name || ' ' || to_state) FROM state_change"
                                + " JOIN target tg ON tg.id = target WHERE tg.name = 'b'")),
                        "only each service's last state is kept, for the next start");
            }
            try (StoreReader reader = StoreReader.open(db, false)) {
                assertEquals(List.of("a UP", "b UP"), reader.resume().states().stream()
                        .map(st -> st.name() + " " + st.state()).toList());
            }
        }
    }

    /**
     * Rows still queued when the clock has passed their retention (a backlog bigger than one batch, a
     * clock that jumped) are rolled up whole: the probes of a minute are not pruned while some of them
     * still wait for the disk, so a minute is never rolled up again from part of its probes.
     */
    @Test
    void aBacklogPastTheRetentionIsRolledUpWhole() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 1, 12, 0, 0), ZoneId.of("UTC"));
        Path db = dir.resolve("h.db");
        String yaml = """
                services:
                  - {name: a, address: "127.0.0.1:1001"}
                store: {path: "%s", retention: 1d, rollup_retention: 3d}
                """.formatted(db);
        long day0 = clock.epochMillis();
        try (Feed feed = new Feed(clock, yaml)) {
            feed.core.start();
            feed.flush(); // the writer now waits a commit interval before it looks at the queue again
            // 12,000 probes over two minutes, queued at once: more than one batch
            for (int i = 0; i < 12_000; i++) {
                feed.writer.probed(Feed.open("a", clock, 100));
                clock.advance(10, TimeUnit.MILLISECONDS);
            }
            clock.advance(36, TimeUnit.HOURS); // before the writer has taken them: day 0 is past the retention
            feed.flush();
            feed.flush();
            try (StoreReader reader = StoreReader.open(db, false)) {
                assertEquals(new StoreReader.Counts(12_000, 0), reader.counts("a", day0, day0 + TimeUnit.MINUTES.toMillis(2)),
                        "both minutes from their rollups, every probe in them");
            }
        }
    }

    /** Ten minutes of probes every 2 s: a always open; unless {@code onlyA}, b too, failing one probe in ten. */
    private static void tenMinutes(Feed feed, int onlyA) {
        for (int i = 0; i < 300; i++) {
            feed.core.onResult(Feed.open("a", feed.clock, 100 + i));
            if (onlyA == 0) {
                feed.core.onResult(i % 10 == 5 ? Feed.failed("b", feed.clock, ProbeOutcome.REFUSED)
                        : Feed.open("b", feed.clock, 200));
            }
            feed.clock.advance(2, TimeUnit.SECONDS);
            feed.core.tick();
        }
    }
}
