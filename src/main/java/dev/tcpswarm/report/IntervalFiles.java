package dev.tcpswarm.report;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.IntervalListener;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.LatencySeries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The files that grow one interval at a time ({@code --csv}, {@code --hdr-log}), fed by the progress
 * ticker and completed (renamed into place) on {@link #close()}, also after Ctrl-C. A file that
 * cannot be written is reported to {@link OutputFailures} once and dropped; the other one, and the
 * progress, go on. Called from the progress ticker's thread, then closed by the command's.
 */
public final class IntervalFiles implements IntervalListener, AutoCloseable {
    private final Path csvPath;
    private final Path hdrPath;
    private final LoadPlan plan;
    private final List<LatencySeries> series;
    private final boolean traffic;
    private final long intervalMillis;
    private final List<GrowingFile> writers = new ArrayList<>();
    private final OutputFailures failures;
    private boolean opened;

    private IntervalFiles(Path csvPath, Path hdrPath, LoadPlan plan, List<LatencySeries> series, boolean traffic,
            long intervalMillis, OutputFailures failures) {
        this.csvPath = csvPath;
        this.hdrPath = hdrPath;
        this.plan = plan;
        this.series = List.copyOf(series);
        this.traffic = traffic;
        this.intervalMillis = intervalMillis;
        this.failures = failures;
    }

    /**
     * The files that are asked for (either path may be null), opened when the run's clock starts
     * ({@link #clockStarted}): that moment is their time zero, after the warm-up. {@code plan} is the
     * run's, whose settings the HDR log records with the length of its intervals
     * ({@code intervalMillis}, 0: one interval, the whole run). {@code series} are the latency
     * series the run records (the CSV's columns: a TLS run's has the handshake's); {@code traffic},
     * whether it sends on its connections (the CSV then counts its messages and bytes).
     */
    public static IntervalFiles forRun(Path csvPath, Path hdrPath, LoadPlan plan, List<LatencySeries> series,
            boolean traffic, long intervalMillis, OutputFailures failures) {
        return new IntervalFiles(csvPath, hdrPath, plan, series, traffic, intervalMillis, failures);
    }

    /** The same, opened now with {@code runStart} as time zero: for a run that is over (merge). */
    public static IntervalFiles open(Path csvPath, Path hdrPath, Instant runStart, LoadPlan plan,
            List<LatencySeries> series, boolean traffic, long intervalMillis, OutputFailures failures) {
        IntervalFiles files = forRun(csvPath, hdrPath, plan, series, traffic, intervalMillis, failures);
        files.clockStarted(runStart);
        return files;
    }

    /** Opens the files, {@code start} their time zero; one that cannot be opened is reported. Once. */
    @Override
    public synchronized void clockStarted(Instant start) {
        if (opened) {
            return;
        }
        opened = true;
        failures.write(csvPath, () -> writers.add(new CsvIntervalWriter(csvPath, start, series, traffic)));
        failures.write(hdrPath, () -> writers.add(new HdrLogWriter(hdrPath, start,
                JsonResultWriter.runTree(plan).put(HdrLogWriter.INTERVAL_SECONDS, intervalMillis / 1000.0))));
    }

    @Override
    public synchronized void interval(IntervalSample sample) {
        for (GrowingFile w : List.copyOf(writers)) {
            try {
                w.append(sample);
            } catch (IOException e) {
                drop(w, e);
            }
        }
    }

    private void drop(GrowingFile w, IOException e) {
        writers.remove(w);
        w.abandon();
        failures.failed(w.target(), e);
    }

    /** Completes the files still being written; one that cannot be completed is reported. Safe to call twice. */
    @Override
    public synchronized void close() {
        for (GrowingFile w : List.copyOf(writers)) {
            try {
                w.close();
            } catch (IOException e) {
                drop(w, e);
            }
        }
        writers.clear();
    }
}
