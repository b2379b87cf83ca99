package dev.tcpswarm.report;

import dev.tcpswarm.stats.IntervalListener;
import dev.tcpswarm.stats.IntervalSample;
import java.io.PrintStream;

/** tcpgoon's progress: one status line per interval, for logs, pipes and CI. */
public final class PlainProgress implements IntervalListener {
    private final PrintStream out;

    public PlainProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void interval(IntervalSample sample) {
        out.println(sample.counts().progressLine());
        out.flush();
    }

    @Override
    public void finished(IntervalSample last) {
        // the report repeats the final status line
    }
}
