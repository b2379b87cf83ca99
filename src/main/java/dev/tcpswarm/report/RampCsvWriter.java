package dev.tcpswarm.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.ramp.LevelResult;
import dev.tcpswarm.ramp.RampResult;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A capacity search as CSV, one row per level or fresh attempt in the order they were held, for a
 * spreadsheet or a plot of latency against concurrency. Written whole at the end, atomically.
 */
public final class RampCsvWriter {
    /** The header, in column order. Latencies are milliseconds, empty when no connection was established. */
    public static final List<String> COLUMNS = columns();

    private RampCsvWriter() {
    }

    private static List<String> columns() {
        List<String> c = new ArrayList<>(List.of("phase", "target", "passed", "established", "closed",
                "closed_by_reset", "error", "not_initiated"));
        for (ErrorReason r : ErrorReason.reported(false)) {
            c.add("errors_" + r.key());
        }
        c.addAll(List.of("connect_p50_ms", "connect_p99_ms", "connect_rate_per_second", "failure"));
        c.addAll(List.of("max_concurrent", "interrupted", "added_attempts", "added_error", "added_error_rate",
                "added_connect_p50_ms", "added_connect_p99_ms", "added_planned_p99_ms", "added_late_starts",
                "added_connect_rate_per_second"));
        return List.copyOf(c);
    }

    /** Writes every level's row under the header to {@code target}, atomically. */
    public static void write(RampResult result, Path target) throws IOException {
        CsvSchema schema = CsvSchema.builder().addColumns(COLUMNS, CsvSchema.ColumnType.NUMBER_OR_STRING).build();
        AtomicFile.write(target, out -> {
            try (SequenceWriter rows = CsvFormat.MAPPER.writer(schema).writeValues(out)) {
                rows.write(COLUMNS);
                for (LevelResult level : result.levels()) {
                    rows.write(row(level));
                }
            }
        });
    }

    /**
     * One level: the figures over everything held (the columns a level always had), then the peak
     * held at once and the figures of the connections the level added ({@code added_...}).
     */
    static List<Object> row(LevelResult level) {
        TrackerTotals t = level.held().totals();
        StatusCounts c = t.counts();
        List<Object> row = new ArrayList<>(Arrays.asList(level.phase().label(), level.target(), level.passed(),
                c.established(), c.closed(), t.closedByReset(), c.error(), c.notInitiated()));
        for (ErrorReason r : ErrorReason.reported(false)) {
            row.add(t.errors(r));
        }
        row.add(CsvIntervalWriter.percentileMillis(t.connectLatency(), 50));
        row.add(CsvIntervalWriter.percentileMillis(t.connectLatency(), 99));
        row.add(t.connectRatePerSecond());
        row.add(level.failure());
        TrackerTotals a = level.added().totals();
        row.addAll(Arrays.asList(t.maxConcurrent(), level.interrupted(), a.attempts(), a.counts().error(),
                level.added().errorRate(), CsvIntervalWriter.percentileMillis(a.connectLatency(), 50),
                CsvIntervalWriter.percentileMillis(a.connectLatency(), 99),
                CsvIntervalWriter.percentileMillis(a.connectFromIntended(), 99), a.lateStarts(),
                a.connectRatePerSecond()));
        return row;
    }
}
