package dev.tcpswarm.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.report.HdrLogWriter;
import dev.tcpswarm.report.IntervalCounts;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.LatencySeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogScanner;
import org.HdrHistogram.PackedHistogram;

/**
 * One shard's HDR interval log ({@code run --hdr-log}): the run it is from (the header line
 * {@link HdrLogWriter} writes), and its intervals, replayed one at a time with HdrHistogram's own
 * log scanner (the histograms, and each interval's counts in the order of the lines) as
 * {@link IntervalSample}s: histograms decoded as they were recorded, times made absolute (epoch
 * milliseconds) from the log's base time. Replayed rather than kept: 50 shards of an hour's
 * intervals would not fit in memory as histograms. Used on the command's thread.
 *
 * @param run the header: {@code settings}, {@code shard} and {@code interval_seconds}
 */
record IntervalLog(Path file, ObjectNode run) {
    private static final JsonMapper MAPPER = new JsonMapper();

    /** The log in {@code file} (its header read); refuses one that is not a tcpswarm interval log. */
    static IntervalLog open(Path file) throws MergeRefused {
        StringBuilder head = new StringBuilder();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null && line.startsWith("#"); ) {
                head.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new MergeRefused("cannot read '" + file + "': " + e.getMessage());
        }
        return new IntervalLog(file, header(file, head.toString()));
    }

    /** The length of the intervals, milliseconds (0: one interval, the whole run). */
    long intervalMillis() {
        return Math.round(run.path(HdrLogWriter.INTERVAL_SECONDS).asDouble(0) * 1000);
    }

    /** Hands every interval, in order, to {@code each}; refuses a log that is cut short or corrupt. */
    void replay(Consumer<IntervalSample> each) throws MergeRefused {
        Reading reading = new Reading(each);
        try (InputStream in = Files.newInputStream(file)) {
            new HistogramLogScanner(in).process(reading);
            if (reading.failure == null) {
                reading.finish();
            }
        } catch (IOException e) {
            throw new MergeRefused("cannot read '" + file + "': " + e.getMessage());
        } catch (RuntimeException e) { // the scanner's own: a last line cut short (no line end)
            throw new MergeRefused("cannot read '" + file + "' as an HDR interval log: it ends in the middle of a line "
                    + "(the log is incomplete)");
        }
        if (reading.failure != null) {
            throw new MergeRefused("cannot read '" + file + "' as an HDR interval log: " + reading.failure);
        }
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
     * A histogram of the run's range that takes memory for the values it holds only: the merged
     * timeline has an interval a second for as long as the shards ran, most with few values or none.
     */
    static Histogram compact() {
        return new PackedHistogram(ConnectionTracker.HIGHEST_MICROS, ConnectionTracker.SIGNIFICANT_DIGITS);
    }

    /** The scanner's events, in the order of the file's lines. */
    private static final class Reading implements HistogramLogScanner.EventHandler {
        double baseSeconds;
        long previousEndMillis = Long.MIN_VALUE;
        /** The interval being read: its counts come first, its histograms after them. */
        IntervalCounts current;
        final Map<LatencySeries, Histogram> pending = new EnumMap<>(LatencySeries.class);
        /** What an interval without values of a kind gets: never kept (the reader adds what has values). */
        final Histogram none = compact();
        final Consumer<IntervalSample> each;
        String failure;

        Reading(Consumer<IntervalSample> each) {
            this.each = each;
        }

        @Override
        public boolean onComment(String firstWord) {
            try {
                IntervalCounts counts = IntervalCounts.parse(firstWord);
                if (counts != null) {
                    finish();
                    current = counts;
                }
                return false;
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }

        /** Hands over the interval being read, if any. */
        void finish() {
            if (current == null) {
                return;
            }
            long baseMillis = Math.round(baseSeconds * 1000);
            long end = baseMillis + Math.round(current.endSeconds() * 1000);
            long start = previousEndMillis == Long.MIN_VALUE ? baseMillis : previousEndMillis;
            Map<LatencySeries, Histogram> latencies = new EnumMap<>(LatencySeries.class);
            for (LatencySeries series : LatencySeries.values()) {
                Histogram h = pending.remove(series);
                latencies.put(series, h == null ? none : IntervalSample.stamped(h, start, end));
            }
            each.accept(new IntervalSample(end, current.counts(), current.startedInInterval(),
                    current.establishedInInterval(), current.lateStartsInInterval(), latencies, current.traffic()));
            previousEndMillis = end;
            current = null;
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
            if (current == null) {
                return fail("a histogram before its interval's counts (#" + IntervalCounts.PREFIX + "...)");
            }
            LatencySeries series = LatencySeries.ofHdrTag(tag);
            if (series == null) {
                return fail("a histogram tagged '" + tag + "', which this tcpswarm does not know (a log of a newer "
                        + "tcpswarm?)");
            }
            boolean connect = series == LatencySeries.CONNECT || series == LatencySeries.PLANNED;
            if (connect && current.establishedInInterval() == 0) {
                return false; // no connection established in it: nothing to decode (most intervals of a hold)
            }
            try {
                EncodableHistogram decoded = lazy.read();
                if (!(decoded instanceof Histogram read)) {
                    return fail("a histogram of another kind (" + decoded.getClass().getSimpleName() + ")");
                }
                if (read.getTotalCount() > 0) {
                    Histogram before = pending.get(series);
                    if (before == null) {
                        Histogram own = ConnectionTracker.newHistogram();
                        own.add(read); // a value beyond the run's range (one hour) is refused here
                        pending.put(series, own);
                    } else {
                        before.add(read);
                    }
                }
                return false;
            } catch (java.util.zip.DataFormatException | RuntimeException e) {
                return fail("a histogram that does not decode (" + e + ")");
            }
        }

        @Override
        public boolean onException(Throwable t) {
            if (t instanceof Error error) {
                throw error; // out of memory is no fault of the file
            }
            return fail(String.valueOf(t.getMessage() == null ? t : t.getMessage()));
        }

        private boolean fail(String why) {
            failure = why;
            return true; // stop scanning
        }
    }
}
