package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.TrackerTotals;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code --abort-on-fail}: checks the live totals a few times a second and stops the run as soon as
 * one threshold can no longer pass, whatever the rest of the run does.
 */
public final class AbortWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 100;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tcpswarm-abort-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param maxAttempts the most connect attempts the run can make (unbounded with reconnects)
     * @param onDoomed told the expression of the first threshold that can no longer pass
     */
    public AbortWatch(List<Threshold> thresholds, ConnectionTracker tracker, long maxAttempts,
            Consumer<String> onDoomed) {
        timer.scheduleAtFixedRate(() -> {
            TrackerTotals live = tracker.totals();
            for (Threshold t : thresholds) {
                if (t.cannotPassAnyMore(live, maxAttempts)) {
                    onDoomed.accept(t.expression());
                    timer.shutdown();
                    return;
                }
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
