package dev.tcpswarm.stats;

import java.time.Instant;

/**
 * Receives each progress interval as the run goes (the progress printer, the CSV and HDR logs), and
 * the last one when the run ends. Called from the progress ticker's thread, one call at a time.
 */
public interface IntervalListener {
    /**
     * The run's clock starts at {@code start}: the time zero of what follows (after the warm-up, or
     * the start time given to shards). Before the first interval; the run's thread.
     */
    default void clockStarted(Instant start) {
    }

    void interval(IntervalSample sample);

    /** The run is over: {@code last} is the final, possibly short, interval. */
    default void finished(IntervalSample last) {
        interval(last);
    }
}
