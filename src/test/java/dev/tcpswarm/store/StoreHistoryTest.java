package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.DailyLog;
import dev.tcpswarm.monitor.DailyTable;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.Timestamps;
import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.monitor.WriteFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.IntCountsHistogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store keeps, read back: forty minutes of three services (fed through the monitor's real
 * pipeline logic and the store's real writer, with the manual clock) give the same daily table as the
 * daily files, percentiles equal to one histogram of every probe, a rollup for every minute, and the
 * state changes and alerts with their reasons.
 */
class StoreHistoryTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @TempDir
    Path dir;

    @Test
    void theReportGivesTheDailyFilesRowsAndExactPercentiles() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 13, 58, 10), PARIS);
        Path db = dir.resolve("history.db");
        String yaml = """
                services:
                  - {name: api, address: "127.0.0.1:1001"}
                  - {name: db, address: "127.0.0.1:1002"}
                  - {name: cache, address: "127.0.0.1:1003"}
                alerts:
                  - {name: db-down, target: db, when: down, check_every: 2s}
                logging: {summary_every: 5m}
                store: {path: "%s"}
                """.formatted(db);
        PeriodStats stats = new PeriodStats(clock.zone());
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        long start = clock.epochMillis();
        Map<String, IntCountsHistogram> expected = Map.of("api", PeriodStats.newConnectMicros(), "db",
                PeriodStats.newConnectMicros(), "cache", PeriodStats.newConnectMicros());
        Map<String, long[]> counts = Map.of("api", new long[2], "db", new long[2], "cache", new long[2]);
        Random random = new Random(42);
        try (Feed feed = new Feed(clock, yaml, logs, c -> List.of(stats, new DailyLog(c.logging(), stats, clock,
                new WriteFaults("tcp_stats", "row", System.err, null))))) {
            feed.core.start();
            for (int round = 0; round < 1200; round++) { // 40 minutes, one round every 2 s
                for (String s : List.of("api", "db", "cache")) {
                    boolean fail = s.equals("db") ? round >= 300 && round < 330 : random.nextInt(50) == 0;
                    if (fail) {
                        feed.core.onResult(Feed.failed(s, clock, ProbeOutcome.TIMEOUT));
                        counts.get(s)[1]++;
                    } else {
                        // from 20 us to 2.6 s: every bucket of the table gets some
                        long micros = (long) Math.exp(3 + random.nextDouble() * 11.8);
                        feed.core.onResult(Feed.open(s, clock, micros));
                        expected.get(s).recordValue(PeriodStats.connectMicros(TimeUnit.MICROSECONDS.toNanos(micros)));
                    }
                    counts.get(s)[0]++;
                }
                clock.advance(2, TimeUnit.SECONDS);
                feed.core.tick();
            }
            long end = clock.epochMillis();
            feed.core.finish();
            clock.advance(2, TimeUnit.MINUTES); // every minute over, and past its grace
            feed.flush();

            try (StoreReader reader = StoreReader.open(db, false)) {
                History history = History.read(reader, start, end, TimeUnit.MINUTES.toMillis(5), PARIS);
                List<String> fromStore = new ArrayList<>();
                for (History.Row r : history.rows()) {
                    fromStore.add(DailyTable.row(Timestamps.local(r.endEpochMillis(), PARIS), r.service(), r.buckets()));
                }
                List<String> fromFile = Files.readAllLines(logs.resolve("tcp_stats_20251008.log"));
                assertEquals(DailyTable.HEADER, fromFile.get(0));
                assertEquals(sorted(fromFile.subList(1, fromFile.size())), sorted(fromStore),
                        "the report's rows are the daily file's, to the character");
                assertEquals(9 * 3, fromStore.size(), "8 whole periods and the final part, 3 services");

                for (History.ServiceTotals t : history.services()) {
                    IntCountsHistogram want = expected.get(t.service());
                    assertEquals(counts.get(t.service())[0], t.probes(), t.service());
                    assertEquals(counts.get(t.service())[1], t.failures(), t.service());
                    assertEquals(want.getValueAtPercentile(50), t.p50Micros(), t.service() + " p50");
                    assertEquals(want.getValueAtPercentile(95), t.p95Micros(), t.service() + " p95");
                    assertEquals(want.getValueAtPercentile(99), t.p99Micros(), t.service() + " p99");
                }
                assertEquals(List.of("db: DOWN (3 consecutive timeouts)", "db: UP (open in "), history.changes().stream()
                        .filter(c -> c.name().equals("db") && !c.from().equals("unknown"))
                        .map(c -> c.name() + ": " + c.to().toUpperCase() + " (" + (c.to().equals("up") ? "open in "
                                : c.reason() + ")"))
                        .toList());
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                assertEquals(3 * 41, count(s, "SELECT count(*) FROM rollup"), "a rollup per service per minute touched");
                assertEquals(3 * 1200, count(s, "SELECT coalesce(sum(probes), 0) FROM rollup"));
                assertEquals(3 * 1200, count(s, "SELECT count(*) FROM probe"));
                assertEquals(1, count(s, "SELECT count(*) FROM alert_event WHERE alert = 'db-down' AND event = 'firing'"));
                assertEquals(1, count(s, "SELECT count(*) FROM alert_event WHERE alert = 'db-down' AND event = 'resolved'"));
                assertEquals(Schema.CURRENT, count(s, "PRAGMA user_version"));
                assertEquals("wal", text(s, "PRAGMA journal_mode"));
            }
        }
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
