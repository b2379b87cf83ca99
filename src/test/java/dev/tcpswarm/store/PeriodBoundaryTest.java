package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /**
     * @param sourcesSay true: the pipeline is told, as the real one is by its sources, before which
     *     time every probe has reported ({@code tick(settled)}); false: it is not ({@code tick()}), and
     *     a due summary waits for the longest probe
     */
    @ParameterizedTest(name = "sources say when a period is settled: {0}")
    @ValueSource(booleans = {true, false})
    void theDailyFileAndTheReportCountEachProbeInThePeriodWhereItStarted(boolean sourcesSay) throws Exception {
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
        long end = fourteen + 4 * fiveMinutes + 30_000; // the stop: 14:20:30
        List<Planned> plan = new ArrayList<>();
        for (long t = start; t < end; t += 15_000) {
            plan.add(new Planned("api", t, 0, true)); // every 15 s from 13:59:30: one exactly on each boundary
        }
        for (int k = 0; k <= 4; k++) {
            long boundary = fourteen + k * fiveMinutes;
            plan.add(new Planned("slow", boundary - 300, 0, true)); // reports before the boundary
            plan.add(new Planned("slow", boundary - 1000, 2000, false)); // times out 1 s after it
            plan.add(new Planned("slow", boundary - 50, 120, true)); // reports in the step after it
        }
        plan.add(new Planned("slow", end - 20_000, 0, true)); // the last, partial period has one
        plan.sort(Comparator.comparingLong(Planned::doneMillis));

        PeriodStats stats = new PeriodStats(PARIS);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Path daily = logs.resolve("tcp_stats_20251008.log");
        Map<Long, Long> writtenAt = new TreeMap<>(); // lines in the daily file: when they came
        try (Feed feed = new Feed(clock, yaml, logs, c -> List.of(stats, new DailyLog(c.logging(), stats, clock,
                new WriteFaults("tcp_stats", "row", System.err, null))))) {
            feed.core.start();
            int next = 0;
            while (clock.epochMillis() < end) {
                long now = clock.epochMillis();
                long settled = now; // what a source would say: the start of the oldest probe still out
                for (Planned p : plan.subList(next, plan.size())) {
                    if (p.startMillis() <= now && p.doneMillis() > now) {
                        settled = Math.min(settled, p.startMillis());
                    }
                }
                for (; next < plan.size() && plan.get(next).doneMillis() <= now; next++) {
                    feed.core.onResult(result(plan.get(next), clock));
                }
                if (sourcesSay) {
                    feed.core.tick(settled);
                } else {
                    feed.core.tick();
                }
                if (Files.exists(daily)) {
                    writtenAt.putIfAbsent((long) Files.readAllLines(daily).size(), now);
                }
                clock.advance(STEP_MILLIS, TimeUnit.MILLISECONDS);
            }
            feed.core.finish();
            clock.advance(2, TimeUnit.MINUTES); // every minute over, and past its grace
            feed.flush();

            List<String> fromFile = Files.readAllLines(daily);
            try (StoreReader reader = StoreReader.open(db, false)) {
                History history = History.read(reader, start, end, fiveMinutes, PARIS);
                List<String> fromStore = new ArrayList<>();
                for (History.Row r : history.rows()) {
                    fromStore.add(DailyTable.row(Timestamps.local(r.endEpochMillis(), PARIS), r.service(), r.buckets()));
                }
                assertEquals(DailyTable.HEADER, fromFile.get(0));
                assertEquals(String.join("\n", sorted(fromStore)), String.join("\n", sorted(fromFile.subList(1, fromFile.size()))),
                        "the daily file's rows are the report's, to the character");
            }
            Map<String, Long> want = new LinkedHashMap<>();
            want.put("2025-10-08 14:00:00", 2L);
            for (String stamp : List.of("14:05:00", "14:10:00", "14:15:00", "14:20:00")) {
                want.put("2025-10-08 " + stamp, 20L);
            }
            want.put("2025-10-08 14:20:30", 2L);
            assertEquals(want, totals(fromFile, "api"), "20 probes a period: the one on a boundary opens the next period");
            assertEquals(List.of(3L, 3L, 3L, 3L, 3L, 1L), List.copyOf(totals(fromFile, "slow").values()),
                    "the three probes started before each boundary count in the period that ends there");
            assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 0L), List.copyOf(failed(fromFile, "slow").values()),
                    "the timeout across each boundary counts before it");
        }
        // when each period's two rows reached the file: once its last probe is in, or after the longest probe
        long settleMillis = sourcesSay ? 1000 + STEP_MILLIS : 2000 + 1000;
        for (int k = 0; k <= 4; k++) {
            long boundary = fourteen + k * fiveMinutes;
            long at = writtenAt.get(1L + 2 * (k + 1)) - boundary;
            assertTrue(at >= 1000 && at <= settleMillis, "period ending " + k + " x 5m after 14:00 written "
                    + at + " ms after its end; want 1000.." + settleMillis);
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

    /** The Failed column (the one before the total) of {@code service}'s rows, by timestamp. */
    private static Map<String, Long> failed(List<String> lines, String service) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\\|");
            if (cells[1].trim().equals(service)) {
                out.put(cells[0].trim(), Long.parseLong(cells[cells.length - 2].trim()));
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
