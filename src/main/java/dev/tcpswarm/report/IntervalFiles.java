package dev.tcpswarm.report;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.IntervalListener;
import dev.tcpswarm.stats.IntervalSample;
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
    private final List<GrowingFile> writers;
    private final OutputFailures failures;

    private IntervalFiles(List<GrowingFile> writers, OutputFailures failures) {
        this.writers = writers;
        this.failures = failures;
    }

    /**
     * Opens the files that are asked for; either path may be null. One that cannot be opened is
     * reported. {@code plan} is the run's, whose settings the HDR log records with the length of its
     * intervals ({@code intervalMillis}, 0: one interval, the whole run).
     */
    public static IntervalFiles open(Path csvPath, Path hdrPath, Instant runStart, LoadPlan plan, long intervalMillis,
            OutputFailures failures) {
        List<GrowingFile> writers = new ArrayList<>();
        failures.write(csvPath, () -> writers.add(new CsvIntervalWriter(csvPath, runStart)));
        failures.write(hdrPath, () -> writers.add(new HdrLogWriter(hdrPath, runStart,
                JsonResultWriter.runTree(plan).put(HdrLogWriter.INTERVAL_SECONDS, intervalMillis / 1000.0))));
        return new IntervalFiles(writers, failures);
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
