package dev.tcpswarm.stats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every progress interval of a run, in order, digested ({@link IntervalPoint}): the run's history
 * for the charts of the HTML report, with the attempts that failed in each interval by reason (read
 * off the tracker's running counts as each interval is handed over, so that an error in the moment
 * between the interval's end and that reading counts in it; their sum over the run is exact).
 * Listens on the progress ticker's thread; {@link #points()} is read by the command's thread once
 * the run is over (or by any thread, as a copy).
 */
public final class IntervalTimeline implements IntervalListener {
    private final List<IntervalPoint> points = new ArrayList<>();
    private final Supplier<long[]> errorsSoFar;
    private long[] errorsBefore = new long[ErrorReason.values().length];

    /** @param errorsSoFar the run's failed attempts so far by reason ({@link ConnectionTracker#errorsByReason()}) */
    public IntervalTimeline(Supplier<long[]> errorsSoFar) {
        this.errorsSoFar = errorsSoFar;
    }

    @Override
    public synchronized void interval(IntervalSample sample) {
        long[] now = errorsSoFar.get();
        Map<ErrorReason, Long> inInterval = new EnumMap<>(ErrorReason.class);
        for (ErrorReason r : ErrorReason.values()) {
            long n = now[r.ordinal()] - errorsBefore[r.ordinal()];
            if (n != 0) {
                inInterval.put(r, n);
            }
        }
        errorsBefore = now;
        points.add(IntervalPoint.of(sample, inInterval));
    }

    /** The intervals so far, oldest first. */
    public synchronized List<IntervalPoint> points() {
        return List.copyOf(points);
    }
}
