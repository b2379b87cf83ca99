package dev.tcpswarm.monitor;

import dev.tcpswarm.notify.Deliveries;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries' backoff waits, driven by the test: a wait is held until {@link #runPending} runs
 * it, and each wait's length is written down. Thread-safe (the deliveries' thread schedules).
 */
public final class ManualTimer implements Deliveries.Timer {
    private final List<Runnable> pending = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();

    @Override
    public synchronized Deliveries.Cancellable schedule(Runnable task, long delayNanos) {
        pending.add(task);
        delays.add(delayNanos);
        notifyAll();
        return () -> {
            synchronized (ManualTimer.this) {
                pending.remove(task);
            }
        };
    }

    @Override
    public synchronized void close() {
        pending.clear();
    }

    /** Runs every wait scheduled so far, as if its time had come; how many ran. */
    public int runPending() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(pending);
            pending.clear();
        }
        due.forEach(Runnable::run);
        return due.size();
    }

    /** The lengths of the waits asked for, in order (nanoseconds). */
    public synchronized List<Long> delays() {
        return List.copyOf(delays);
    }
}
