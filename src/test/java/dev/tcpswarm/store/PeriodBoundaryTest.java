package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.DailyLog;
import dev.tcpswarm.monitor.DailyTable;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.Timestamps;
import dev.tcpswarm.monitor.WriteFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily file written live and {@code monitor report} read from the store agree at the 5-minute
 * boundaries, row for row: a probe counts in the period where it started, whether it starts exactly
 * on a boundary and reports before the summary's tick, or starts before one and reports after it (a
 * timeout across the boundary). Driven by the manual clock in 100 ms steps, through the real
 * pipeline logic, the real daily file and the real store: no sleeping.
 */
class PeriodBoundaryTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final long STEP_MILLIS = 100;

    @TempDir
    Path dir;

    /** A probe that starts at {@code startMillis} and reports {@code durationMillis} later. */
    private record Planned(String service, long startMillis, long durationMillis, boolean open) {
        long doneMillis() {
            return startMillis + durationMillis;
        }
    }

    @Test
    void theDailyFileAndTheReportCountEachProbeInThePeriodWhereItStarted() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 13, 59, 30), PARIS);
        Path db = dir.resolve("history.db");
        String yaml = """
                services:
                  - {name: api, address: "127.0.0.1:1001", timeout: 2s}
                  - {name: slow, address: "127.0.0.1:1002", timeout: 2s}
                logging: {summary_every: 5m}
                store: {path: "%s"}
                """.formatted(db);
        long start = clock.epochMillis();
        long fourteen = LocalDateTime.of(2025, 10, 8, 14, 0).atZone(PARIS).toInstant().toEpochMilli();
        long fiveMinutes = TimeUnit.MINUTES.toMillis(5);
        List<Planned> plan = new ArrayList<>();
        for (long t = fourteen; t < fourteen + 4 * fiveMinutes; t += 15_000) {
            plan.add(new Planned("api", t, 0, true)); // every 15 s from 14:00:00: one exactly on each boundary
        }
        for (int k = 1; k <= 4; k++) {
            long boundary = fourteen + k * fiveMinutes;
            plan.add(new Planned("slow", boundary - 300, 0, true)); // reports before the boundary
            plan.add(new Planned("slow", boundary - 1000, 2000, false)); // times out 1 s after it
            plan.add(new Planned("slow", boundary - 50, 120, true)); // reports in the step after it
        }
        plan.sort(Comparator.comparingLong(Planned::doneMillis));
        long end = fourteen + 4 * fiveMinutes + 30_000; // the stop: 14:20:30

        PeriodStats stats = new PeriodStats(PARIS);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        try (Feed feed = new Feed(clock, yaml, logs, c -> List.of(stats, new DailyLog(c.logging(), stats, clock,
                new WriteFaults("tcp_stats", "row", System.err, null))))) {
            feed.core.start();
            int next = 0;
            while (clock.epochMillis() < end) {
                long now = clock.epochMillis();
                for (; next < plan.size() && plan.get(next).doneMillis() <= now; next++) {
                    feed.core.onResult(result(plan.get(next), clock));
                }
                feed.core.tick();
                clock.advance(STEP_MILLIS, TimeUnit.MILLISECONDS);
            }
            feed.core.finish();
            clock.advance(2, TimeUnit.MINUTES); // every minute over, and past its grace
            feed.flush();

            try (StoreReader reader = StoreReader.open(db, false)) {
                History history = History.read(reader, start, end, fiveMinutes, PARIS);
                List<String> fromStore = new ArrayList<>();
                for (History.Row r : history.rows()) {
                    fromStore.add(DailyTable.row(Timestamps.local(r.endEpochMillis(), PARIS), r.service(), r.buckets()));
                }
                List<String> fromFile = Files.readAllLines(logs.resolve("tcp_stats_20251008.log"));
                assertEquals(DailyTable.HEADER, fromFile.get(0));
                assertEquals(String.join("\n", sorted(fromStore)), String.join("\n", sorted(fromFile.subList(1, fromFile.size()))),
                        "the daily file's rows are the report's, to the character");
            }
            Map<String, Long> apiTotals = totals(Files.readAllLines(logs.resolve("tcp_stats_20251008.log")), "api");
            Map<String, Long> want = new LinkedHashMap<>();
            want.put("2025-10-08 14:00:00", 0L);
            for (String stamp : List.of("14:05:00", "14:10:00", "14:15:00", "14:20:00")) {
                want.put("2025-10-08 " + stamp, 20L);
            }
            want.put("2025-10-08 14:20:30", 0L);
            assertEquals(want, apiTotals, "20 probes a period: the one on a boundary opens the next period");
            Map<String, Long> slowTotals = totals(Files.readAllLines(logs.resolve("tcp_stats_20251008.log")), "slow");
            assertEquals(List.of(0L, 3L, 3L, 3L, 3L, 0L), List.copyOf(slowTotals.values()),
                    "the three probes started before each boundary count in the period that ends there");
        }
    }

    private static ProbeResult result(Planned p, ManualClock clock) {
        long startNanos = clock.nanoTime() - TimeUnit.MILLISECONDS.toNanos(clock.epochMillis() - p.startMillis());
        return p.open()
                ? new ProbeResult(p.service(), startNanos, startNanos, p.startMillis(), ProbeOutcome.OPEN,
                        TimeUnit.MICROSECONDS.toNanos(300), -1, "127.0.0.1:1", 1, "")
                : new ProbeResult(p.service(), startNanos, startNanos, p.startMillis(), ProbeOutcome.TIMEOUT, -1, -1,
                        "127.0.0.1:1", 1, ProbeOutcome.TIMEOUT.description());
    }

    /** The Total column of {@code service}'s rows, by timestamp. */
    private static Map<String, Long> totals(List<String> lines, String service) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\\|");
            if (cells[1].trim().equals(service)) {
                out.put(cells[0].trim(), Long.parseLong(cells[cells.length - 1].trim()));
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }
}
