package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.IntervalSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HdrLogWriterTest {
    @TempDir
    Path dir;

    private final SampleRun run = SampleRun.mixed();

    private static List<Histogram> read(Path file) throws IOException {
        List<Histogram> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                intervals.add((Histogram) h);
            }
        }
        return intervals;
    }

    @Test
    void oneHistogramPerIntervalHoldingEveryRecordedConnect() throws IOException {
        Path target = dir.resolve("connect.hlog");
        try (HdrLogWriter writer = new HdrLogWriter(target, run.start)) {
            for (IntervalSample s : run.samples) {
                writer.append(s);
            }
        }
        List<Histogram> intervals = read(target);
        assertEquals(run.samples.size(), intervals.size());
        long total = 0;
        for (int i = 0; i < intervals.size(); i++) {
            Histogram read = intervals.get(i);
            Histogram recorded = run.samples.get(i).connectLatency();
            assertEquals(recorded.getTotalCount(), read.getTotalCount());
            assertEquals(recorded.getValueAtPercentile(99), read.getValueAtPercentile(99));
            total += read.getTotalCount();
        }
        assertEquals(run.result.totals().connectLatency().getTotalCount(), total);
        assertEquals(6, total);

        // Timestamps: the reader makes them absolute again from the log's base time (to the
        // millisecond, give or take the rounding of seconds as doubles).
        assertEquals(run.start.toEpochMilli(), intervals.get(0).getStartTimeStamp(), 1);
        for (int i = 0; i < intervals.size(); i++) {
            assertEquals(run.samples.get(i).epochMillis(), intervals.get(i).getEndTimeStamp(), 1);
        }
        assertTrue(Files.readString(target).contains("#[StartTime: "));
        assertEquals(List.of("connect.hlog"), TempFiles.names(dir));
    }

    @Test
    void theLogAppearsOnlyOnCloseButEveryIntervalIsOnDiskBefore() throws IOException {
        Path target = dir.resolve("connect.hlog");
        HdrLogWriter writer = new HdrLogWriter(target, run.start);
        writer.append(run.samples.get(0));
        assertFalse(Files.exists(target));
        assertEquals(1, read(TempFiles.tempFor(target)).size(), "a killed run keeps its intervals");
        writer.close();
        assertEquals(1, read(target).size());
        assertEquals(List.of("connect.hlog"), TempFiles.names(dir));
    }
}
