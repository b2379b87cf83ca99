package dev.tcpswarm.report;

import dev.tcpswarm.stats.IntervalSample;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Connect latency as a standard HdrHistogram interval log, one histogram per progress interval, so
 * HdrHistogram's own tools (HistogramLogReader, HistogramLogProcessor, the plotters) can read the
 * full distribution over time. Values are microseconds. Interval timestamps are seconds since the
 * run's start (the log's StartTime and BaseTime); intervals are contiguous, each ending when its
 * sample was taken. The "Interval_Max" column is in milliseconds ({@link #MAX_VALUE_UNIT_RATIO}).
 * Streams like {@link CsvIntervalWriter}: appended and flushed per interval, named on {@link #close()}.
 */
public final class HdrLogWriter extends GrowingFile {
    /** Divides the microsecond max of each interval into milliseconds for the log's max column. */
    public static final double MAX_VALUE_UNIT_RATIO = 1000.0;

    private final long runStartMillis;
    private final FailureKeeping kept;
    private final PrintStream print;
    private final HistogramLogWriter log;
    private long previousEndMillis;

    /** Starts the log (its header) at {@code target}; {@code runStart} is time zero for the intervals. */
    public HdrLogWriter(Path target, Instant runStart) throws IOException {
        super(target);
        this.runStartMillis = runStart.toEpochMilli();
        this.previousEndMillis = runStartMillis;
        this.kept = new FailureKeeping(file.out());
        this.print = new PrintStream(kept, false, StandardCharsets.UTF_8);
        this.log = new HistogramLogWriter(print);
        log.outputComment("[tcpswarm connect latency; values in microseconds, Interval_Max in milliseconds]");
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

    /** The interval's connect-latency histogram, flushed. */
    @Override
    void write(IntervalSample sample) throws IOException {
        long endMillis = Math.max(previousEndMillis, sample.epochMillis());
        log.outputIntervalHistogram((previousEndMillis - runStartMillis) / 1000.0,
                (endMillis - runStartMillis) / 1000.0, sample.connectLatency(), MAX_VALUE_UNIT_RATIO);
        previousEndMillis = endMillis;
        flush();
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
