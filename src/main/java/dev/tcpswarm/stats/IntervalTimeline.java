package dev.tcpswarm.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Every progress interval of a run, in order, digested ({@link IntervalPoint}): the run's history
 * for the charts of the HTML report. Listens on the progress ticker's thread; {@link #points()} is
 * read by the command's thread once the run is over (or by any thread, as a copy).
 */
public final class IntervalTimeline implements IntervalListener {
    private final List<IntervalPoint> points = new ArrayList<>();

    @Override
    public synchronized void interval(IntervalSample sample) {
        points.add(IntervalPoint.of(sample));
    }

    /** The intervals so far, oldest first. */
    public synchronized List<IntervalPoint> points() {
        return List.copyOf(points);
    }
}
