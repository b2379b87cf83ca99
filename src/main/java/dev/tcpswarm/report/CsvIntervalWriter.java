package dev.tcpswarm.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.StatusCounts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The run's progress as a CSV time series, one row per progress interval, for plotting or for a
 * CI job to inspect. Rows are appended (and flushed) as the run goes; the file appears under its
 * name, complete, on {@link #close()}, which an interrupted run also reaches.
 */
public final class CsvIntervalWriter extends GrowingFile {
    /**
     * The header, in column order. Latencies are milliseconds (from the connect call, and from the
     * planned start), empty when the interval had none.
     */
    public static final List<String> COLUMNS = List.of("time", "elapsed_s", "total", "dialing", "established",
            "closed", "error", "not_initiated", "started_in_interval", "established_in_interval",
            "connect_p50_ms", "connect_p99_ms", "late_starts_in_interval", "planned_p50_ms", "planned_p99_ms");

    private final long runStartMillis;
    private final SequenceWriter rows;

    /** Starts the file (header only) at {@code target}; {@code runStart} is elapsed time zero. */
    public CsvIntervalWriter(Path target, Instant runStart) throws IOException {
        super(target);
        this.runStartMillis = runStart.toEpochMilli();
        try {
            CsvSchema schema = CsvSchema.builder().addColumns(COLUMNS, CsvSchema.ColumnType.NUMBER_OR_STRING)
                    .build();
            this.rows = CsvFormat.MAPPER.writer(schema).writeValues(file.out());
            rows.write(COLUMNS);
            rows.flush();
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The row for one interval, flushed. */
    @Override
    void write(IntervalSample sample) throws IOException {
        StatusCounts c = sample.counts();
        rows.write(Arrays.asList(
                Instant.ofEpochMilli(sample.epochMillis()).toString(),
                (sample.epochMillis() - runStartMillis) / 1000.0,
                c.total(), c.dialing(), c.established(), c.closed(), c.error(), c.notInitiated(),
                sample.startedInInterval(), sample.establishedInInterval(),
                percentileMillis(sample.connectLatency(), 50), percentileMillis(sample.connectLatency(), 99),
                sample.lateStartsInInterval(),
                percentileMillis(sample.plannedLatency(), 50), percentileMillis(sample.plannedLatency(), 99)));
        rows.flush();
    }

    /** A percentile of a histogram of microseconds, in milliseconds; null (an empty cell) when it is empty. */
    static Double percentileMillis(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? null : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    void finish() throws IOException {
        rows.close();
    }
}
