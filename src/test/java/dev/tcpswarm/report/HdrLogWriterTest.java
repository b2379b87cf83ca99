package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.LatencySeries;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HdrLogWriterTest {
    @TempDir
    Path dir;

    private final SampleRun run = SampleRun.mixed();

    /** The untagged histograms (connect latency), as a stock reader that knows no tags takes them. */
    private static List<Histogram> read(Path file) throws IOException {
        return read(file, null);
    }

    /** The histograms with {@code tag} (null: untagged), in order. */
    private static List<Histogram> read(Path file, String tag) throws IOException {
        List<Histogram> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (Objects.equals(tag, h.getTag())) {
                    intervals.add((Histogram) h);
                }
            }
        }
        return intervals;
    }

    /** The sample run's log, every interval of it, at {@code target}. */
    private void writeAll(Path target) throws IOException {
        try (HdrLogWriter writer = new HdrLogWriter(target, run.start, JsonResultWriter.runTree(run.plan))) {
            for (IntervalSample s : run.samples) {
                writer.append(s);
            }
        }
    }

    private static long totalCount(List<Histogram> histograms) {
        return histograms.stream().mapToLong(Histogram::getTotalCount).sum();
    }

    @Test
    void taggedHistogramsAndCountsCarryWhatAMergeNeeds() throws IOException {
        Path target = dir.resolve("all.hlog");
        writeAll(target);
        TrackerTotals totals = run.result.totals();
        assertEquals(totals.connectFromIntended().getTotalCount(), totalCount(read(target, LatencySeries.PLANNED.hdrTag())));
        assertEquals(3, totalCount(read(target, LatencySeries.TIME_TO_ERROR.hdrTag())));
        assertEquals(totals.timeToError().getMaxValue(),
                read(target, LatencySeries.TIME_TO_ERROR.hdrTag()).stream().mapToLong(Histogram::getMaxValue).max().orElse(0));
        assertEquals(1, totalCount(read(target, LatencySeries.TIME_TO_CLOSE.hdrTag())));
        assertEquals(1, totalCount(read(target, LatencySeries.SCHEDULE_LAG.hdrTag())));

        // one counts comment per interval, after its histograms; the run's header once
        List<String> lines = Files.readAllLines(target);
        List<IntervalCounts> counts = lines.stream().map(IntervalCounts::parse).filter(Objects::nonNull).toList();
        assertEquals(run.samples.size(), counts.size());
        for (int i = 0; i < counts.size(); i++) {
            IntervalSample s = run.samples.get(i);
            assertEquals(s.counts(), counts.get(i).counts());
            assertEquals(s.startedInInterval(), counts.get(i).startedInInterval());
            assertEquals(s.establishedInInterval(), counts.get(i).establishedInInterval());
            assertEquals((s.epochMillis() - run.start.toEpochMilli()) / 1000.0, counts.get(i).endSeconds(), 0.001);
        }
        assertEquals(1, lines.stream().filter(l -> l.startsWith("#" + HdrLogWriter.RUN_COMMENT)).count());
        String header = lines.stream().filter(l -> l.startsWith("#" + HdrLogWriter.RUN_COMMENT)).findFirst().get();
        assertTrue(header.contains("\"schema\":\"" + HdrLogWriter.SCHEMA + "\""), header);
        assertTrue(header.contains("\"index\":0,\"count\":1"), header);
    }

    /** HdrHistogram's own command-line processor reads the log and sees connect latency only. */
    @Test
    void stockHistogramLogProcessorReadsTheConnectLatency() throws Exception {
        Path target = dir.resolve("stock.hlog");
        writeAll(target);
        Path out = dir.resolve("processed");
        new HistogramLogProcessor(new String[] {"-i", target.toString(), "-o", out.toString()}).run();
        // its summary file ends with the totals over every untagged interval: "#[Total count    = 6]"
        String summary = Files.readString(Path.of(out + ".hgrm"));
        assertTrue(summary.contains("Total count    =            6"), summary);
    }

    @Test
    void oneHistogramPerIntervalHoldingEveryRecordedConnect() throws IOException {
        Path target = dir.resolve("connect.hlog");
        writeAll(target);
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
        HdrLogWriter writer = new HdrLogWriter(target, run.start, JsonResultWriter.runTree(run.plan));
        writer.append(run.samples.get(0));
        assertFalse(Files.exists(target));
        assertEquals(1, read(TempFiles.tempFor(target)).size(), "a killed run keeps its intervals");
        writer.close();
        assertEquals(1, read(target).size());
        assertEquals(List.of("connect.hlog"), TempFiles.names(dir));
    }
}
