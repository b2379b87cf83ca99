package dev.tcpswarm.report;

import dev.tcpswarm.stats.IntervalListener;
import dev.tcpswarm.stats.IntervalSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The files that grow one interval at a time ({@code --csv}, {@code --hdr-log}), fed by the progress
 * ticker and completed (renamed into place) on {@link #close()}, also after Ctrl-C.
 */
public final class IntervalFiles implements IntervalListener, AutoCloseable {
    private final CsvIntervalWriter csv;
    private final HdrLogWriter hdr;

    private IntervalFiles(CsvIntervalWriter csv, HdrLogWriter hdr) {
        this.csv = csv;
        this.hdr = hdr;
    }

    /** Opens the files that are asked for; either path may be null. */
    public static IntervalFiles open(Path csvPath, Path hdrPath, Instant runStart) throws IOException {
        CsvIntervalWriter csv = csvPath == null ? null : new CsvIntervalWriter(csvPath, runStart);
        HdrLogWriter hdr = hdrPath == null ? null : new HdrLogWriter(hdrPath, runStart);
        return new IntervalFiles(csv, hdr);
    }

    @Override
    public void interval(IntervalSample sample) {
        try {
            if (csv != null) {
                csv.append(sample);
            }
            if (hdr != null) {
                hdr.append(sample);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes both files; safe to call twice. */
    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        if (hdr != null) {
            hdr.close();
        }
    }
}
