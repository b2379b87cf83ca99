package dev.tcpswarm.report;

import dev.tcpswarm.ramp.LevelResult;
import dev.tcpswarm.ramp.RampSearch;
import dev.tcpswarm.ramp.RampVerdict;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * What {@code tcpswarm ramp} prints as it goes: a table with one row per level or fresh attempt as
 * soon as it is judged, and the verdict line at the end. While a level is held, a progress line
 * every interval: redrawn in place on a terminal, otherwise one line each on their own stream
 * (stderr), so the table on stdout stays a table for whoever reads or parses it. Called by the
 * search's thread and by its own progress thread.
 */
public final class RampTable implements RampSearch.Listener, AutoCloseable {
    private static final String ROW = "%-7s %8s %12s %8s %7s %9s %9s %10s  %s";
    /** A search with TLS: the handshake's p99 too, before the result. */
    private static final String TLS_ROW = "%-7s %8s %12s %8s %7s %9s %9s %10s %11s  %s";
    /** Clears the line the cursor is on. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final PrintStream progressLines;
    private final boolean redrawInPlace;
    private final boolean tls;
    private final ScheduledExecutorService ticker;
    private boolean statusShown;

    /**
     * @param out the table and the verdict
     * @param progressLines where progress lines go when they are not redrawn in place
     * @param redrawInPlace draw progress as one line redrawn in place on {@code out} (an interactive terminal)
     * @param intervalMillis time between progress lines; 0 for none
     * @param progress the level held now, or null between levels
     */
    public RampTable(PrintStream out, PrintStream progressLines, boolean redrawInPlace, long intervalMillis,
            Supplier<RampSearch.Progress> progress) {
        this(out, progressLines, redrawInPlace, intervalMillis, progress, false);
    }

    /** The same, for a search whose rows have the TLS handshake's p99 ({@code tls} true: {@code --tls}). */
    public RampTable(PrintStream out, PrintStream progressLines, boolean redrawInPlace, long intervalMillis,
            Supplier<RampSearch.Progress> progress, boolean tls) {
        this.tls = tls;
        this.out = out;
        this.progressLines = progressLines;
        this.redrawInPlace = redrawInPlace;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpswarm-progress");
            t.setDaemon(true);
            return t;
        });
        if (intervalMillis > 0) {
            ticker.scheduleAtFixedRate(() -> showProgress(progress.get()), intervalMillis, intervalMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The column headings. */
    public synchronized void printHeader() {
        clearStatus();
        out.println(tls
                ? String.format(Locale.ROOT, TLS_ROW, "phase", "target", "established", "closed", "errors", "p50 ms",
                        "p99 ms", "conn/s", "tls p99 ms", "result")
                : String.format(Locale.ROOT, ROW, "phase", "target", "established", "closed", "errors", "p50 ms",
                        "p99 ms", "conn/s", "result"));
        out.flush();
    }

    @Override
    public synchronized void levelJudged(LevelResult level) {
        clearStatus();
        out.println(row(level, tls));
        out.flush();
    }

    /** The verdict line. */
    public synchronized void printVerdict(RampVerdict verdict) {
        clearStatus();
        out.println(verdict.line());
        out.flush();
    }

    /**
     * One table row, e.g. {@code ramp 1600 1500 100 0 0.120 0.950 15234.1 FAIL: reset by peer}, as a
     * level is judged: established and closed over everything held; errors, latencies and the
     * connect rate of the connections the level added.
     */
    public static String row(LevelResult level) {
        return row(level, false);
    }

    /** The same; with {@code tls}, the p99 of the handshakes the level added, before the result. */
    public static String row(LevelResult level, boolean tls) {
        StatusCounts held = level.held().counts();
        TrackerTotals added = level.added().totals();
        Histogram latency = added.connectLatency();
        boolean any = latency.getTotalCount() > 0;
        String p50 = any ? ms(latency.getValueAtPercentile(50)) : "-";
        String p99 = any ? ms(latency.getValueAtPercentile(99)) : "-";
        String rate = String.format(Locale.ROOT, "%.1f", added.connectRatePerSecond());
        if (!tls) {
            return String.format(Locale.ROOT, ROW, level.phase().label(), level.target(), held.established(),
                    held.closed(), added.counts().error(), p50, p99, rate, result(level));
        }
        Histogram handshakes = added.tls().handshakeLatency();
        return String.format(Locale.ROOT, TLS_ROW, level.phase().label(), level.target(), held.established(),
                held.closed(), added.counts().error(), p50, p99, rate,
                handshakes.getTotalCount() > 0 ? ms(handshakes.getValueAtPercentile(99)) : "-", result(level));
    }

    /**
     * {@code pass}, {@code FAIL: why} or {@code interrupted}; then the added connections' errors by
     * reason and what was never started, if any.
     */
    static String result(LevelResult level) {
        TrackerTotals t = level.added().totals();
        List<String> parts = new ArrayList<>();
        parts.add(level.interrupted() ? "interrupted" : level.passed() ? "pass" : "FAIL: " + level.failure());
        if (t.counts().error() > 0) {
            List<String> reasons = new ArrayList<>();
            for (ErrorReason r : ErrorReason.values()) {
                if (t.errors(r) > 0) {
                    reasons.add(r.key() + " " + t.errors(r));
                }
            }
            parts.add("errors: " + String.join(", ", reasons));
        }
        if (t.counts().notInitiated() > 0) {
            parts.add(t.counts().notInitiated() + " not started");
        }
        return String.join("; ", parts);
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    private synchronized void showProgress(RampSearch.Progress p) {
        if (p == null) {
            return;
        }
        String line = "  .. " + p.phase().label() + " " + p.target() + ": " + p.counts().progressLine();
        if (redrawInPlace) {
            out.print(CLEAR_LINE + line);
            statusShown = true;
            out.flush();
        } else {
            progressLines.println(line);
            progressLines.flush();
        }
    }

    private void clearStatus() {
        if (statusShown) {
            out.print(CLEAR_LINE);
            statusShown = false;
        }
    }

    /** Stops the progress lines (and clears the one drawn in place). */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        clearStatus();
        out.flush();
    }
}
