package dev.tcpswarm.stats;

/**
 * Receives each progress interval as the run goes (the progress printer, the CSV and HDR logs), and
 * the last one when the run ends. Called from the progress ticker's thread, one call at a time.
 */
public interface IntervalListener {
    void interval(IntervalSample sample);

    /** The run is over: {@code last} is the final, possibly short, interval. */
    default void finished(IntervalSample last) {
        interval(last);
    }
}
