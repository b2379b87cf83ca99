package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily files across local midnight, with the manual clock: rows go to the file of their date,
 * a new file starts with the header at midnight, old files are pruned, and the table parses back to
 * the probes that were fed.
 */
class DailyRotationTest {
    @TempDir
    Path dir;

    /** One parsed row: timestamp, service, then the seven counts. */
    record Row(String timestamp, String service, long[] counts) {
    }

    static List<Row> parse(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertEquals(DailyTable.HEADER, lines.get(0), file + ": the header first");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\\|");
            assertEquals(9, cells.length, line);
            long[] counts = Arrays.stream(cells, 2, 9).map(String::trim).mapToLong(Long::parseLong).toArray();
            rows.add(new Row(cells[0].trim(), cells[1].trim(), counts));
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\| .{20} \\| .{8} \\| .{9} \\| .{10} \\| .{11} "
                    + "\\| .{8} \\| .{6} \\| .{5}"), "the issue's column widths: " + line);
        }
        return rows;
    }

    @Test
    void rotatesAtLocalMidnightPrunesOldFilesAndParsesBack() throws Exception {
        ZoneId paris = ZoneId.of("Europe/Paris");
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 23, 50, 30), paris);
        Files.writeString(dir.resolve("tcp_stats_20251001.log"), "old\n");
        Files.writeString(dir.resolve("events_20251005.log"), "old\n");
        Files.writeString(dir.resolve("tcp_stats_20251007.log"), "recent\n");
        Files.writeString(dir.resolve("notes.txt"), "not ours\n");
        MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", """
                services:
                  - {name: promotion-api, address: "127.0.0.1:1001"}
                  - {name: db, address: "127.0.0.1:1002"}
                logging: {summary_every: 5m, keep_days: 2}
                """).withLogDir(dir);
        PeriodStats stats = new PeriodStats(clock.zone());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        ConsoleWriter writer = new ConsoleWriter(out);
        Listeners sinks = new Listeners(System.err).add(stats).add(new ConsoleOutput(writer, out, stats, clock))
                .add(new EventLog(config.logging(), clock, new WriteFaults("events", "line", System.err, null)))
                .add(new DailyLog(config.logging(), stats, clock, new WriteFaults("tcp_stats", "row", System.err, null)));
        MonitorCore core = new MonitorCore(config, clock, sinks);
        core.start();
        long fed = 0;
        long failedFed = 0;
        for (int i = 0; i < 120; i++) { // 20 minutes, one round every 10 s: 23:50:30 to 00:10:30
            core.onResult(Results.open("promotion-api", clock, i % 10 == 0 ? 150 : 50));
            core.onResult(i % 4 == 0 ? Results.failed("db", clock, ProbeOutcome.TIMEOUT) : Results.open("db", clock, 3));
            fed += 2;
            failedFed += i % 4 == 0 ? 1 : 0;
            clock.advance(10, TimeUnit.SECONDS);
            core.tick();
        }
        core.finish();
        writer.close();

        assertFalse(Files.exists(dir.resolve("tcp_stats_20251001.log")), "pruned: older than keep_days");
        assertFalse(Files.exists(dir.resolve("events_20251005.log")), "pruned: older than keep_days");
        assertTrue(Files.exists(dir.resolve("tcp_stats_20251007.log")), "kept: within keep_days");
        assertTrue(Files.exists(dir.resolve("notes.txt")), "not ours: left alone");

        List<Row> day1 = parse(dir.resolve("tcp_stats_20251008.log"));
        List<Row> day2 = parse(dir.resolve("tcp_stats_20251009.log"));
        assertEquals(List.of("2025-10-08 23:55:00"), day1.stream().map(Row::timestamp).distinct().toList());
        assertEquals(List.of("2025-10-09 00:00:00", "2025-10-09 00:05:00", "2025-10-09 00:10:00", "2025-10-09 00:10:30"),
                day2.stream().map(Row::timestamp).distinct().toList(), "periods end at midnight; the last at the stop");
        List<Row> all = new ArrayList<>(day1);
        all.addAll(day2);
        assertEquals(fed, all.stream().mapToLong(r -> r.counts()[6]).sum(), "every probe in exactly one row");
        assertEquals(failedFed, all.stream().filter(r -> r.service().equals("db")).mapToLong(r -> r.counts()[5]).sum());
        long slow = all.stream().filter(r -> r.service().equals("promotion-api")).mapToLong(r -> r.counts()[1]).sum();
        assertEquals(12, slow, "the 150 ms probes in 100-500ms");
        for (Row r : all) {
            assertEquals(r.counts()[6], Arrays.stream(r.counts(), 0, 6).sum(), "Total is the sum of the buckets and Failed");
        }
        // the first period: 23:50:30 to 23:55:00, 27 rounds
        assertEquals(27, day1.get(0).counts()[6]);

        String console = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("--- final summary: 2025-10-09 00:10:00 to 2025-10-09 00:10:30 ---"), console);
        assertTrue(console.contains("2025-10-08 23:50:30 promotion-api: UP (open in 150 ms)"), console);
        assertEquals(List.of("2025-10-08 23:50:30 promotion-api: UP (open in 150 ms)", "2025-10-08 23:50:40 db: UP (open in 3.0 ms)"),
                Files.readAllLines(dir.resolve("events_20251008.log")), "state changes logged with their reasons");
    }
}
