package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.stats.IntervalSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvIntervalWriterTest {
    @TempDir
    Path dir;

    private final SampleRun run = SampleRun.mixed();

    private static List<Map<String, String>> read(Path file) throws IOException {
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return rows.readAll();
        }
    }

    private static List<String> header(Path file) throws IOException {
        return List.of(Files.readAllLines(file).get(0).split(","));
    }

    @Test
    void oneRowPerIntervalWithTheDocumentedColumns() throws IOException {
        Path target = dir.resolve("intervals.csv");
        try (CsvIntervalWriter writer = new CsvIntervalWriter(target, run.start)) {
            for (IntervalSample s : run.samples) {
                writer.append(s);
            }
        }
        assertEquals(CsvIntervalWriter.COLUMNS, header(target));
        List<Map<String, String>> rows = read(target);
        assertEquals(run.samples.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            IntervalSample s = run.samples.get(i);
            Map<String, String> row = rows.get(i);
            assertEquals(CsvIntervalWriter.COLUMNS.size(), row.size());
            assertEquals(Instant.ofEpochMilli(s.epochMillis()), Instant.parse(row.get("time")));
            assertEquals((s.epochMillis() - run.start.toEpochMilli()) / 1000.0,
                    Double.parseDouble(row.get("elapsed_s")));
            assertEquals(s.counts().total(), Long.parseLong(row.get("total")));
            assertEquals(s.counts().dialing(), Long.parseLong(row.get("dialing")));
            assertEquals(s.counts().established(), Long.parseLong(row.get("established")));
            assertEquals(s.counts().closed(), Long.parseLong(row.get("closed")));
            assertEquals(s.counts().error(), Long.parseLong(row.get("error")));
            assertEquals(s.counts().notInitiated(), Long.parseLong(row.get("not_initiated")));
            assertEquals(s.startedInInterval(), Long.parseLong(row.get("started_in_interval")));
            assertEquals(s.establishedInInterval(), Long.parseLong(row.get("established_in_interval")));
        }
        IntervalSample first = run.samples.get(0);
        assertEquals(first.connectLatency().getValueAtPercentile(99) / 1000.0,
                Double.parseDouble(rows.get(0).get("connect_p99_ms")));
        assertEquals(first.connectLatency().getValueAtPercentile(50) / 1000.0,
                Double.parseDouble(rows.get(0).get("connect_p50_ms")));
        assertEquals("", rows.get(2).get("connect_p50_ms"), "the empty interval has no latency");
        assertEquals("", rows.get(2).get("connect_p99_ms"));
        assertEquals(List.of("intervals.csv"), TempFiles.names(dir));
    }

    @Test
    void theFileAppearsOnlyOnCloseButEveryRowIsOnDiskBefore() throws IOException {
        Path target = dir.resolve("intervals.csv");
        CsvIntervalWriter writer = new CsvIntervalWriter(target, run.start);
        assertFalse(Files.exists(target));
        assertEquals(List.of(), read(TempFiles.tempFor(target)), "header only, before any interval");
        writer.append(run.samples.get(0));
        writer.append(run.samples.get(1));
        assertFalse(Files.exists(target));
        assertEquals(2, read(TempFiles.tempFor(target)).size(), "a killed run keeps its rows");
        writer.close();
        writer.close();
        assertTrue(Files.exists(target));
        assertEquals(2, read(target).size());
        assertEquals(List.of("intervals.csv"), TempFiles.names(dir));
        assertThrows(IllegalStateException.class, () -> writer.append(run.samples.get(2)));
    }

    @Test
    void replacesAnOlderFileWhole() throws IOException {
        Path target = dir.resolve("intervals.csv");
        Files.writeString(target, "old,stuff\n1,2\n3,4\n5,6\n7,8\n9,10\n");
        try (CsvIntervalWriter writer = new CsvIntervalWriter(target, run.start)) {
            writer.append(run.samples.get(0));
            assertEquals("old,stuff", Files.readAllLines(target).get(0), "the old file stays until close");
        }
        assertEquals(CsvIntervalWriter.COLUMNS, header(target));
        assertEquals(1, read(target).size());
    }
}
