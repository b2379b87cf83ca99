package dev.tcpswarm.monitor;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * stdout without holding anyone up: lines go into a bounded queue that one daemon thread writes
 * out, so a stdout that nobody reads (a full pipe, a stopped terminal) never blocks the pipeline.
 * When the queue is full a line is dropped and counted; the count is said once stdout takes lines
 * again, and at the end, and is a Prometheus counter ({@link #register}). {@link #print} from any
 * thread; {@link #close} from the command's; the counter is read by the scrape's thread.
 */
public final class ConsoleWriter implements AutoCloseable {
    /** Lines held while stdout is slow: several summary tables of a thousand services. */
    public static final int CAPACITY = 10_000;

    private final PrintStream out;
    private final BlockingQueue<String> lines;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private long droppedSaid;
    private volatile boolean closing;
    private volatile boolean writing;

    public ConsoleWriter(PrintStream out) {
        this(out, CAPACITY);
    }

    ConsoleWriter(PrintStream out, int capacity) {
        this.out = out;
        this.lines = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "tcpswarm-stdout");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues {@code text} (one or more lines, each ending in a newline); dropped and counted when the queue is full. */
    public void print(String text) {
        if (!lines.offer(text)) {
            dropped.incrementAndGet();
        }
    }

    /** Queues one line. */
    public void println(String line) {
        print(line + System.lineSeparator());
    }

    /** Lines dropped so far because stdout did not keep up. */
    public long dropped() {
        return dropped.get();
    }

    /** Name of the counter of dropped lines. */
    public static final String DROPPED_METRIC = "tcpswarm_monitor_stdout_dropped_lines_total";

    /** Exposes {@link #dropped} in {@code registry} as {@value #DROPPED_METRIC}, read at each scrape. */
    public ConsoleWriter register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name(DROPPED_METRIC)
                .help("Lines of stdout dropped because stdout did not keep up (a full pipe, a stopped terminal)")
                .callback(c -> c.call(dropped.get())).register(registry);
        return this;
    }

    /** Waits up to {@code millis} until every line queued so far is written; true when it is. */
    public boolean awaitWritten(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            while (!lines.isEmpty() || writing) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    private void run() {
        try {
            while (!closing || !lines.isEmpty()) {
                String text = lines.poll(50, TimeUnit.MILLISECONDS);
                if (text != null) {
                    writing = true;
                    sayDropped();
                    out.print(text);
                    if (lines.isEmpty()) {
                        out.flush();
                    }
                }
                if (lines.isEmpty()) {
                    synchronized (this) {
                        writing = false;
                        notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sayDropped();
        out.flush();
    }

    private void sayDropped() {
        long now = dropped.get();
        if (now > droppedSaid) {
            out.println("tcpswarm monitor: stdout did not keep up: " + (now - droppedSaid) + " lines dropped");
            droppedSaid = now;
        }
    }

    /**
     * Writes what is queued, waiting up to {@code millis} for stdout to take it, then lets the
     * writer go (a stdout that never drains cannot hold up the exit).
     */
    public void close(long millis) {
        closing = true;
        try {
            writer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5000);
    }
}
