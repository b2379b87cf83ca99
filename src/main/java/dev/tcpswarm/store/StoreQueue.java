package dev.tcpswarm.store;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The rows between the pipeline and the disk: a bounded queue that the pipeline thread puts rows in
 * without ever waiting (a row that finds it full is dropped and counted), and that the store's writer
 * thread takes batches from. It also keeps the flush protocol: the writer says when rows are settled
 * (written, or counted as lost) and when a housekeeping pass ran, and {@link #awaitSettled} waits for
 * both under one lock. Thread-safe: the pipeline offers, the writer takes, any thread may wait.
 */
final class StoreQueue {
    private final BlockingQueue<StoreRow> rows;
    private final int capacity;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong droppedWhileFull = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    // guarded by lock
    private long settled;
    private long passes;

    StoreQueue(int capacity) {
        this.capacity = capacity;
        this.rows = new ArrayBlockingQueue<>(capacity);
    }

    /** The bound. */
    int capacity() {
        return capacity;
    }

    /** Queues {@code row}, or counts it as dropped when the queue is full; never waits. */
    boolean offer(StoreRow row) {
        if (rows.offer(row)) {
            accepted.incrementAndGet();
            return true;
        }
        droppedWhileFull.incrementAndGet();
        return false;
    }

    /** Rows dropped so far because the queue was full. */
    long droppedWhileFull() {
        return droppedWhileFull.get();
    }

    int size() {
        return rows.size();
    }

    /** The oldest row queued, or null. */
    StoreRow peek() {
        return rows.peek();
    }

    /** Moves up to {@code max} rows, oldest first, into {@code batch}; the number moved. */
    int drainTo(List<StoreRow> batch, int max) {
        return rows.drainTo(batch, max);
    }

    /** The writer: {@code n} rows taken from the queue are settled (written, or counted as lost). */
    void settled(long n) {
        lock.lock();
        try {
            settled += n;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The writer: a housekeeping pass ran (or the writer ended: {@link #awaitSettled} then stops waiting). */
    void passed() {
        lock.lock();
        try {
            passes++;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every row queued before this call is settled and a second housekeeping pass began
     * after it (the first may have begun before the rows were written), while {@code writing} holds.
     *
     * @param wake called each time the wait starts over, to wake the writer
     * @return false on the timeout, or when {@code writing} stopped holding with rows still unsettled
     */
    boolean awaitSettled(long timeoutMillis, BooleanSupplier writing, Runnable wake) throws InterruptedException {
        long target = accepted.get();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            long pass = passes;
            while (settled < target || passes <= pass + 1) {
                long left = until - System.nanoTime();
                if (!writing.getAsBoolean()) {
                    return settled >= target; // the writer ended after its last pass: nothing more will come
                }
                if (left <= 0) {
                    return false;
                }
                wake.run();
                progress.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
