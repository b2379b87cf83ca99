package dev.tcpswarm.monitor;

import dev.tcpswarm.report.Words;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The write failures of one family of log files (the daily table, the events): every lost line is
 * counted (in {@code tcpswarm_monitor_log_lost_lines_total{file}} too), and each failure episode is
 * said twice on stderr, when it begins and when writing works again (with what it lost), however
 * many writes fail in between. Used on the thread that writes the files (the pipeline's).
 */
public final class WriteFaults {
    private final String file;
    private final String noun;
    private final PrintStream err;
    private final Counter lostLines;
    private long lost;
    private long lostInEpisode;
    private long writesLostInEpisode;
    private long failingSinceMillis = -1;

    /**
     * @param file the family's name in messages and the metric's label ({@code tcp_stats}, {@code events})
     * @param noun what a line is called in messages ({@code row}, {@code line})
     * @param lostLines {@link #lostLinesCounter}'s counter, shared by the families; null for none
     */
    public WriteFaults(String file, String noun, PrintStream err, Counter lostLines) {
        this.file = file;
        this.noun = noun;
        this.err = err;
        this.lostLines = lostLines;
        if (lostLines != null) {
            lostLines.labelValues(file).inc(0); // the series exists at 0 from the start
        }
    }

    /** The counter of lost lines, by family: one per registry. */
    public static Counter lostLinesCounter(PrometheusRegistry registry) {
        return Counter.builder().name("tcpswarm_monitor_log_lost_lines_total")
                .help("Lines the log directory's files did not take (the disk full, the directory gone): daily table"
                        + " rows (file=tcp_stats) and event lines (file=events)")
                .labelNames("file").withoutExemplars().register(registry);
    }

    /** {@code lines} were not written to {@code path} (none of them: a write is whole or not at all). */
    void failed(Path path, String reason, long lines, long nowMillis) {
        lost += lines;
        lostInEpisode += lines;
        writesLostInEpisode++;
        if (lostLines != null) {
            lostLines.labelValues(file).inc(lines);
        }
        if (failingSinceMillis < 0) {
            failingSinceMillis = nowMillis;
            err.println("tcpswarm monitor: cannot write " + path + ": " + reason + "; its " + noun + "s are lost until it"
                    + " can (counted in tcpswarm_monitor_log_lost_lines_total{file=\"" + file + "\"}), monitoring goes on");
            err.flush();
        }
    }

    /** A write to {@code path} went through: ends a failure episode. */
    void written(Path path, long nowMillis) {
        if (failingSinceMillis >= 0) {
            err.println("tcpswarm monitor: writing " + path + " again after " + Math.max(0, nowMillis - failingSinceMillis)
                    / 1000 + " s; " + Words.count(lostInEpisode, noun) + " lost meanwhile (" + Words.count(writesLostInEpisode,
                    "write") + ")");
            err.flush();
            failingSinceMillis = -1;
            lostInEpisode = 0;
            writesLostInEpisode = 0;
        }
    }

    /** Lines lost so far. */
    public long lost() {
        return lost;
    }
}
