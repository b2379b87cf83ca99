package dev.tcpswarm.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.LatencySeries;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The run's histograms as a standard HdrHistogram interval log, one set per progress interval, so
 * HdrHistogram's own tools (HistogramLogReader, HistogramLogProcessor, the plotters) can read the
 * full distribution over time, and {@code tcpswarm merge} can add the shards of one plan exactly.
 * Values are microseconds. Connect latency is the untagged histogram of each interval (what stock
 * tools read by default); the other {@link LatencySeries} follow it, tagged, when the interval has
 * values: {@code planned}, {@code error} (time to error), {@code close} (time to close), {@code lag}
 * (schedule lag), and a phase's when the run does it: {@code tls} (the TLS handshake). A
 * comment line opens each interval with its counts ({@link IntervalCounts}: a reader that needs no
 * latency of an interval without connections skips its histograms), and one after the log's
 * header says which run (and shard) it is: its settings, as the JSON result has them.
 * Interval timestamps are seconds since the run's start (the log's StartTime and BaseTime);
 * intervals are contiguous, each ending when its sample was taken. The "Interval_Max" column is in
 * milliseconds ({@link #MAX_VALUE_UNIT_RATIO}). Streams like {@link CsvIntervalWriter}: appended
 * and flushed per interval, named on {@link #close()}. Called from the progress ticker's thread.
 */
public final class HdrLogWriter extends GrowingFile {
    /** Divides the microsecond max of each interval into milliseconds for the log's max column. */
    public static final double MAX_VALUE_UNIT_RATIO = 1000.0;
    /** The comment (after '#') that starts the line saying which run the log is from. */
    public static final String RUN_COMMENT = "tcpswarm run ";
    /** The field of that line that gives the length of the intervals, seconds (0: one, the whole run). */
    public static final String INTERVAL_SECONDS = "interval_seconds";
    /** The value of {@code schema} in that line. */
    public static final String SCHEMA = "tcpswarm.hdr-log/v1";

    private final long runStartMillis;
    private final FailureKeeping kept;
    private final PrintStream print;
    private final HistogramLogWriter log;
    private long previousEndMillis;

    /**
     * Starts the log (its header) at {@code target}; {@code runStart} is time zero for the
     * intervals, {@code run} the settings (and shard) that the header records.
     */
    public HdrLogWriter(Path target, Instant runStart, ObjectNode run) throws IOException {
        super(target);
        this.runStartMillis = runStart.toEpochMilli();
        this.previousEndMillis = runStartMillis;
        this.kept = new FailureKeeping(file.out());
        this.print = new PrintStream(kept, false, StandardCharsets.UTF_8);
        this.log = new HistogramLogWriter(print);
        log.outputComment("[tcpswarm histograms; values in microseconds, Interval_Max in milliseconds; untagged: "
                + "connect latency]");
        log.outputComment(RUN_COMMENT + run.deepCopy().put("schema", SCHEMA).toString());
        log.outputLogFormatVersion();
        log.outputStartTime(runStartMillis);
        log.outputBaseTime(runStartMillis);
        log.setBaseTime(runStartMillis);
        log.outputLegend();
        try {
            flush();
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** The interval's histograms and counts, flushed. */
    @Override
    void write(IntervalSample sample) throws IOException {
        long endMillis = Math.max(previousEndMillis, sample.epochMillis());
        double start = (previousEndMillis - runStartMillis) / 1000.0;
        double end = (endMillis - runStartMillis) / 1000.0;
        log.outputComment(IntervalCounts.of(sample).comment(end));
        log.outputIntervalHistogram(start, end, sample.connectLatency(), MAX_VALUE_UNIT_RATIO);
        for (LatencySeries series : LatencySeries.values()) {
            if (series.hdrTag() != null) {
                tagged(start, end, series.hdrTag(), sample.latency(series));
            }
        }
        previousEndMillis = endMillis;
        flush();
    }

    private void tagged(double start, double end, String tag, Histogram h) {
        if (h.getTotalCount() > 0) {
            Histogram copy = h.copy();
            copy.setTag(tag);
            log.outputIntervalHistogram(start, end, copy, MAX_VALUE_UNIT_RATIO);
        }
    }

    @Override
    void finish() throws IOException {
        flush();
    }

    /** PrintStream keeps its errors to itself; checkError() flushes and tells, and the stream below says why. */
    private void flush() throws IOException {
        if (print.checkError()) {
            throw kept.failure != null ? kept.failure : new IOException("write failed");
        }
        file.flush();
    }

    /** Remembers the first failure of the stream below, which PrintStream swallows. */
    private static final class FailureKeeping extends FilterOutputStream {
        IOException failure;

        FailureKeeping(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }
    }
}
