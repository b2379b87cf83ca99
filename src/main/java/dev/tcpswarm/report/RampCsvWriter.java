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
    /**
     * The header of a search without TLS, in column order. Latencies are milliseconds, empty when no
     * connection was established.
     */
    public static final List<String> COLUMNS = columns(false);

    private RampCsvWriter() {
    }

    /**
     * The header: {@link #COLUMNS}, then for a search with {@code --tls} its TLS reasons
     * ({@code errors_tls_expired}, ...) and the handshake's figures: over everything held
     * ({@code tls_p50_ms}, {@code tls_p99_ms}) and over what the level added
     * ({@code added_handshakes}, {@code added_handshakes_failed}, {@code added_tls_p50_ms},
     * {@code added_tls_p99_ms}).
     */
    public static List<String> columns(boolean tls) {
        return tls ? withTls() : plain();
    }

    private static List<String> withTls() {
        List<String> c = new ArrayList<>(plain());
        for (ErrorReason r : tlsReasons()) {
            c.add("errors_" + r.key());
        }
        c.addAll(List.of("tls_p50_ms", "tls_p99_ms", "added_handshakes", "added_handshakes_failed", "added_tls_p50_ms",
                "added_tls_p99_ms"));
        return List.copyOf(c);
    }

    /** The reasons a search with TLS adds to a plain one's, in order. */
    private static List<ErrorReason> tlsReasons() {
        List<ErrorReason> reasons = new ArrayList<>(ErrorReason.reported(true));
        reasons.removeAll(ErrorReason.reported(false));
        return reasons;
    }

    private static List<String> plain() {
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
        boolean tls = result.levels().stream().anyMatch(l -> l.held().totals().tls().used());
        List<String> columns = columns(tls);
        CsvSchema schema = CsvSchema.builder().addColumns(columns, CsvSchema.ColumnType.NUMBER_OR_STRING).build();
        AtomicFile.write(target, out -> {
            try (SequenceWriter rows = CsvFormat.MAPPER.writer(schema).writeValues(out)) {
                rows.write(columns);
                for (LevelResult level : result.levels()) {
                    rows.write(row(level, tls));
                }
            }
        });
    }

    /**
     * One level: the figures over everything held (the columns a level always had), then the peak
     * held at once and the figures of the connections the level added ({@code added_...}).
     */
    static List<Object> row(LevelResult level, boolean tls) {
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
        if (tls) {
            for (ErrorReason r : tlsReasons()) {
                row.add(t.errors(r));
            }
            row.add(CsvIntervalWriter.percentileMillis(t.tls().handshakeLatency(), 50));
            row.add(CsvIntervalWriter.percentileMillis(t.tls().handshakeLatency(), 99));
            row.addAll(Arrays.asList(a.tls().completed(), a.tls().failed(),
                    CsvIntervalWriter.percentileMillis(a.tls().handshakeLatency(), 50),
                    CsvIntervalWriter.percentileMillis(a.tls().handshakeLatency(), 99)));
        }
        return row;
    }
}
