package dev.tcpswarm.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lets a run's thread sleep until what it waits for has happened or a time has passed, woken as
 * soon as one of the futures it was told about completes. It registers on each future once: the
 * run used to wait with a timed get on {@code CompletableFuture.anyOf(done, stop)}, and each such
 * wait that timed out left a waiter behind on both futures for as long as they stayed incomplete
 * (a hold checked every 20 ms kept about 180,000 on the stop request an hour).
 *
 * <p>Threads: {@link #sleepUntil} on the run's thread; the futures complete on any thread.
 */
final class Wakeups {
    private final Object lock = new Object();

    /** Wakes the sleeper when {@code future} completes. Once per future. */
    void wakeOn(CompletableFuture<?> future) {
        future.whenComplete((result, failure) -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
    }

    /**
     * Sleeps until {@code ready} holds (checked at once and at each wake) or {@code nanos} have
     * passed ({@link Long#MAX_VALUE}: no limit); returns whether it holds.
     */
    boolean sleepUntil(BooleanSupplier ready, long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        synchronized (lock) {
            while (!ready.getAsBoolean()) {
                if (nanos == Long.MAX_VALUE) {
                    lock.wait();
                    continue;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        return true;
    }
}
