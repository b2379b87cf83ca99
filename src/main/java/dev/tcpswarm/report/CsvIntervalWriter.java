package dev.tcpswarm.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.IntervalTraffic;
import dev.tcpswarm.stats.LatencySeries;
import dev.tcpswarm.stats.StatusCounts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
    /**
     * The last columns of a run that sends on its connections: what it sent in the interval, the
     * answers that did not come within the response timeout, and the bytes each way.
     */
    public static final List<String> TRAFFIC_COLUMNS = List.of("messages_in_interval",
            "response_timeouts_in_interval", "bytes_sent_in_interval", "bytes_received_in_interval");

    private final long runStartMillis;
    private final List<LatencySeries> series;
    private final boolean traffic;
    private final SequenceWriter rows;

    /** Starts the file (header only) of a run without phases at {@code target}; {@code runStart} is elapsed time zero. */
    public CsvIntervalWriter(Path target, Instant runStart) throws IOException {
        this(target, runStart, LatencySeries.ofRun(false, false), false);
    }

    /**
     * The same for a run that records {@code series}: after {@link #COLUMNS}, the columns of each
     * of them that has its own ({@link LatencySeries#csvColumns()}: a TLS run's
     * {@code handshakes_in_interval,tls_p50_ms,tls_p99_ms}); and last, for a run that sends on its
     * connections ({@code traffic}), the {@link #TRAFFIC_COLUMNS}.
     */
    public CsvIntervalWriter(Path target, Instant runStart, List<LatencySeries> series, boolean traffic)
            throws IOException {
        super(target);
        this.runStartMillis = runStart.toEpochMilli();
        this.series = List.copyOf(series);
        this.traffic = traffic;
        try {
            List<String> header = columns(series, traffic);
            CsvSchema schema = CsvSchema.builder().addColumns(header, CsvSchema.ColumnType.NUMBER_OR_STRING)
                    .build();
            this.rows = CsvFormat.MAPPER.writer(schema).writeValues(file.out());
            rows.write(header);
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
        List<Object> row = new ArrayList<>(Arrays.asList(
                Instant.ofEpochMilli(sample.epochMillis()).toString(),
                (sample.epochMillis() - runStartMillis) / 1000.0,
                c.total(), c.dialing(), c.established(), c.closed(), c.error(), c.notInitiated(),
                sample.startedInInterval(), sample.establishedInInterval(),
                percentileMillis(sample.connectLatency(), 50), percentileMillis(sample.connectLatency(), 99),
                sample.lateStartsInInterval(),
                percentileMillis(sample.plannedLatency(), 50), percentileMillis(sample.plannedLatency(), 99)));
        for (LatencySeries s : series) {
            if (!s.csvColumns().isEmpty()) {
                Histogram h = sample.latency(s);
                row.add(h.getTotalCount());
                row.add(percentileMillis(h, 50));
                row.add(percentileMillis(h, 99));
            }
        }
        if (traffic) {
            IntervalTraffic t = sample.traffic();
            if (t == null) {
                row.addAll(Arrays.asList(null, null, null, null)); // not counted: empty cells
            } else {
                row.addAll(List.of(t.messagesSent(), t.responseTimeouts(), t.bytesSent(), t.bytesReceived()));
            }
        }
        rows.write(row);
        rows.flush();
    }

    /** The header of a run that records {@code series}, and sends on its connections when {@code traffic}. */
    public static List<String> columns(List<LatencySeries> series, boolean traffic) {
        List<String> header = new ArrayList<>(COLUMNS);
        series.forEach(s -> header.addAll(s.csvColumns()));
        if (traffic) {
            header.addAll(TRAFFIC_COLUMNS);
        }
        return List.copyOf(header);
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
