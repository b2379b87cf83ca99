package dev.tcpswarm.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.report.HdrLogWriter;
import dev.tcpswarm.report.IntervalCounts;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.IntervalSample;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogScanner;
import org.HdrHistogram.PackedHistogram;

/**
 * One shard's HDR interval log ({@code run --hdr-log}), read back with HdrHistogram's own log
 * scanner (the histograms, and each interval's counts in the order of the lines): the run it is from
 * (the header line {@link HdrLogWriter} writes), and every interval as
 * an {@link IntervalSample}, its histograms decoded exactly as they were recorded and its times
 * made absolute (epoch milliseconds) from the log's base time. A value; read on the command's thread.
 *
 * @param run the header: {@code settings}, {@code shard} and {@code interval_seconds}
 * @param intervals every interval, in order
 */
record IntervalLog(Path file, ObjectNode run, List<IntervalSample> intervals) {
    private static final JsonMapper MAPPER = new JsonMapper();

    /** Reads {@code file}; refuses one that is not a complete tcpswarm interval log. */
    static IntervalLog read(Path file) throws MergeRefused {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MergeRefused("cannot read '" + file + "': " + e.getMessage());
        }
        ObjectNode run = header(file, new String(bytes, StandardCharsets.UTF_8));
        Reading reading = new Reading();
        try {
            new HistogramLogScanner(new ByteArrayInputStream(bytes)).process(reading);
        } catch (RuntimeException e) { // the scanner's own: a last line cut short (no line end)
            throw new MergeRefused("cannot read '" + file + "' as an HDR interval log: it ends in the middle of a line "
                    + "(the log is incomplete)");
        }
        if (reading.failure != null) {
            throw new MergeRefused("cannot read '" + file + "' as an HDR interval log: " + reading.failure);
        }
        if (reading.pending.values().stream().anyMatch(h -> h.getTotalCount() > 0)) {
            throw new MergeRefused("'" + file + "' ends in the middle of an interval: the log is incomplete");
        }
        return new IntervalLog(file, run, List.copyOf(reading.intervals));
    }

    /** The run's line among the comments the log starts with. */
    private static ObjectNode header(Path file, String text) throws MergeRefused {
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (!line.startsWith("#")) {
                break;
            }
            if (line.startsWith("#" + HdrLogWriter.RUN_COMMENT)) {
                try {
                    JsonNode node = MAPPER.readTree(line.substring(1 + HdrLogWriter.RUN_COMMENT.length()));
                    if (node instanceof ObjectNode o && HdrLogWriter.SCHEMA.equals(o.path("schema").asText())) {
                        return o;
                    }
                } catch (JsonProcessingException e) {
                    // refused below
                }
                throw new MergeRefused("'" + file + "' has a '#" + HdrLogWriter.RUN_COMMENT.trim() + "' line that is "
                        + "not " + HdrLogWriter.SCHEMA);
            }
        }
        throw new MergeRefused("'" + file + "' is not a tcpswarm interval log (no '#" + HdrLogWriter.RUN_COMMENT.trim()
                + "' line): give each shard's --hdr-log file");
    }

    /**
     * A histogram of the run's range that takes memory for the values it holds only: a shard's log
     * holds an interval a second for as long as it ran, most of them with few values or none.
     */
    static Histogram compact() {
        return new PackedHistogram(ConnectionTracker.HIGHEST_MICROS, ConnectionTracker.SIGNIFICANT_DIGITS);
    }

    /** The scanner's events, in the order of the file's lines. */
    private static final class Reading implements HistogramLogScanner.EventHandler {
        double baseSeconds;
        long previousEndMillis = Long.MIN_VALUE;
        final Map<String, Histogram> pending = new HashMap<>();
        final List<IntervalSample> intervals = new ArrayList<>();
        String failure;

        @Override
        public boolean onComment(String firstWord) {
            try {
                IntervalCounts counts = IntervalCounts.parse(firstWord);
                if (counts != null) {
                    interval(counts);
                }
                return false;
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }

        private void interval(IntervalCounts counts) {
            long baseMillis = Math.round(baseSeconds * 1000);
            long end = baseMillis + Math.round(counts.endSeconds() * 1000);
            long start = previousEndMillis == Long.MIN_VALUE ? baseMillis : previousEndMillis;
            intervals.add(new IntervalSample(end, counts.counts(), counts.startedInInterval(),
                    counts.establishedInInterval(), counts.lateStartsInInterval(), take(null, start, end),
                    take(HdrLogWriter.PLANNED, start, end), take(HdrLogWriter.TIME_TO_ERROR, start, end),
                    take(HdrLogWriter.TIME_TO_CLOSE, start, end), take(HdrLogWriter.SCHEDULE_LAG, start, end)));
            previousEndMillis = end;
        }

        private Histogram take(String tag, long start, long end) {
            Histogram h = pending.remove(tag == null ? "" : tag);
            return IntervalSample.stamped(h == null ? compact() : h, start, end);
        }

        @Override
        public boolean onBaseTime(double secondsSinceEpoch) {
            baseSeconds = secondsSinceEpoch;
            return false;
        }

        @Override
        public boolean onStartTime(double secondsSinceEpoch) {
            if (baseSeconds == 0) {
                baseSeconds = secondsSinceEpoch;
            }
            return false;
        }

        @Override
        public boolean onHistogram(String tag, double timestamp, double length,
                HistogramLogScanner.EncodableHistogramSupplier lazy) {
            try {
                EncodableHistogram decoded = lazy.read();
                if (!(decoded instanceof Histogram read)) {
                    return fail("a histogram of another kind (" + decoded.getClass().getSimpleName() + ")");
                }
                if (read.getTotalCount() > 0) {
                    Histogram into = pending.computeIfAbsent(tag == null ? "" : tag, t -> compact());
                    into.add(read); // a value beyond the run's range (one hour) is refused here
                }
                return false;
            } catch (java.util.zip.DataFormatException | RuntimeException e) {
                return fail("a histogram that does not decode (" + e + ")");
            }
        }

        @Override
        public boolean onException(Throwable t) {
            return fail(String.valueOf(t.getMessage() == null ? t : t.getMessage()));
        }

        private boolean fail(String why) {
            failure = why;
            return true; // stop scanning
        }
    }
}
