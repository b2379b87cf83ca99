package dev.tcpswarm.notify;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers notices to their channels off the pipeline, in order: the notices of one alert on one
 * channel form a lane, and a lane has one delivery under way at a time, so a retried FIRING can
 * never arrive after the RESOLVED that followed it. A failed try is retried after the channel's
 * backoff (doubling), unless a newer notice of the lane is waiting: then the older one is dropped as
 * {@link DeliveryReport.Outcome#SUPERSEDED}, as is a waiting notice that a newer one overtakes.
 * A receiver's {@code Retry-After} is honoured (up to {@value #MAX_RETRY_AFTER_MINUTES} minutes; the
 * backoff when it asks for less), and a permanent refusal (a 4xx other than 408 and 429) is not
 * retried. Every notice ends in exactly one report. Quick channels (log, stdout) deliver on the caller's
 * thread. {@link #submit} is called from the pipeline thread; lanes are touched on the deliveries'
 * own thread only; tries complete on any thread and hop back to it. The backoff waits go through a
 * {@link Timer}, so tests drive them.
 */
public final class Deliveries {
    /** Where the backoff waits are timed. */
    public interface Timer {
        /** Runs {@code task} after {@code delayNanos}; cancelling the returned handle before that skips it. */
        Cancellable schedule(Runnable task, long delayNanos);

        /** Stops; the waits not run yet are dropped. */
        void close();
    }

    /** A wait that may be called off. */
    public interface Cancellable {
        void cancel();
    }

    /** The real clock's timer: one daemon thread. */
    public static Timer systemTimer() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpswarm-alert-backoff");
            t.setDaemon(true);
            return t;
        });
        return new Timer() {
            @Override
            public Cancellable schedule(Runnable task, long delayNanos) {
                try {
                    ScheduledFuture<?> f = timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                    return () -> f.cancel(false);
                } catch (RejectedExecutionException closed) {
                    return () -> { };
                }
            }

            @Override
            public void close() {
                timer.shutdownNow();
            }
        };
    }

    /** The longest a receiver's {@code Retry-After} holds a retry back; past it, the retry goes anyway. */
    static final long MAX_RETRY_AFTER_MINUTES = 5;
    static final long MAX_RETRY_AFTER_NANOS = TimeUnit.MINUTES.toNanos(MAX_RETRY_AFTER_MINUTES);

    private final ExecutorService worker;
    private final Timer timer;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final AtomicInteger unsettled = new AtomicInteger();
    private volatile boolean stopping;

    /** One notice on its way, with whom to tell how it ended. */
    private static final class Delivery {
        final Channel channel;
        final Notice notice;
        final Consumer<DeliveryReport> report;
        int attempts;
        String lastError = "";
        Cancellable backoff;
        boolean settled;

        Delivery(Channel channel, Notice notice, Consumer<DeliveryReport> report) {
            this.channel = channel;
            this.notice = notice;
            this.report = report;
        }
    }

    /** One alert's notices on one channel: the delivery under way (trying or backing off) and the next one. */
    private static final class Lane {
        Delivery current;
        boolean trying;
        Delivery waiting;
    }

    public Deliveries(Timer timer) {
        this.timer = timer;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tcpswarm-alerts");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends {@code notice} through {@code channel}; {@code report} hears how it ended, once, on any thread. */
    public void submit(Channel channel, Notice notice, Consumer<DeliveryReport> report) {
        if (channel.quick()) {
            Attempt a = channel.deliver(notice).join();
            report.accept(new DeliveryReport(notice, channel.config().name(),
                    a.delivered() ? DeliveryReport.Outcome.SENT : DeliveryReport.Outcome.FAILED, 1, a.error()));
            return;
        }
        unsettled.incrementAndGet();
        Delivery d = new Delivery(channel, notice, report);
        if (!onWorker(() -> enqueue(d))) {
            settle(d, DeliveryReport.Outcome.FAILED, "not sent: the monitor is stopping");
        }
    }

    /** Notices not settled yet (under way, backing off, or waiting their turn). */
    public int unsettled() {
        return unsettled.get();
    }

    private boolean onWorker(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    private static String laneKey(Delivery d) {
        return d.notice.alert() + "\n" + d.channel.config().name();
    }

    private void enqueue(Delivery d) {
        Lane lane = lanes.computeIfAbsent(laneKey(d), k -> new Lane());
        if (lane.waiting != null) {
            settle(lane.waiting, DeliveryReport.Outcome.SUPERSEDED, lane.waiting.lastError);
        }
        lane.waiting = d;
        if (lane.current != null && !lane.trying) { // backing off after a failed try: the newer one goes now
            lane.current.backoff.cancel();
            settle(lane.current, DeliveryReport.Outcome.SUPERSEDED, lane.current.lastError);
            lane.current = null;
        }
        if (lane.current == null) {
            next(lane);
        }
    }

    private void next(Lane lane) {
        lane.current = lane.waiting;
        lane.waiting = null;
        if (lane.current == null) {
            lanes.values().remove(lane);
            return;
        }
        attempt(lane, lane.current);
    }

    private void attempt(Lane lane, Delivery d) {
        lane.trying = true;
        d.attempts++;
        d.channel.deliver(d.notice).whenComplete((a, thrown) -> {
            Attempt result = thrown != null ? Attempt.failed(String.valueOf(thrown)) : a;
            if (!onWorker(() -> tried(lane, d, result))) {
                settle(d, result.delivered() ? DeliveryReport.Outcome.SENT : DeliveryReport.Outcome.FAILED,
                        result.error());
            }
        });
    }

    private void tried(Lane lane, Delivery d, Attempt result) {
        lane.trying = false;
        if (result.delivered()) {
            settle(d, DeliveryReport.Outcome.SENT, "");
            next(lane);
            return;
        }
        d.lastError = result.error();
        if (stopping) {
            settle(d, DeliveryReport.Outcome.FAILED, d.lastError);
        } else if (lane.waiting != null) {
            settle(d, DeliveryReport.Outcome.SUPERSEDED, d.lastError);
            next(lane);
        } else if (result.permanent()) {
            settle(d, DeliveryReport.Outcome.FAILED, d.lastError + "; not retried: the receiver refused it for good");
            next(lane);
        } else if (d.attempts <= d.channel.config().retries()) {
            long backoff = d.channel.config().backoffNanos() << Math.min(20, d.attempts - 1);
            if (result.retryAfterMillis() > 0) {
                backoff = Math.max(backoff, Math.min(MAX_RETRY_AFTER_NANOS,
                        TimeUnit.MILLISECONDS.toNanos(result.retryAfterMillis())));
            }
            d.backoff = timer.schedule(() -> onWorker(() -> retry(lane, d)), backoff);
        } else {
            settle(d, DeliveryReport.Outcome.FAILED, d.lastError);
            next(lane);
        }
    }

    private void retry(Lane lane, Delivery d) {
        if (lane.current == d && !lane.trying) {
            attempt(lane, d);
        }
    }

    private void settle(Delivery d, DeliveryReport.Outcome outcome, String error) {
        synchronized (d) {
            if (d.settled) {
                return; // already reported as left unfinished at the stop
            }
            d.settled = true;
        }
        d.report.accept(new DeliveryReport(d.notice, d.channel.config().name(), outcome, d.attempts,
                outcome == DeliveryReport.Outcome.SENT ? "" : error));
        unsettled.decrementAndGet();
    }

    /**
     * The stop: waits up to {@code millis} for the notices under way, then runs {@code endChannels}
     * (which ends what channels still run: their tries fail and are not retried), and reports every
     * notice left (waiting, backing off, or a try still out) as failed. Then the threads stop.
     */
    public void close(long millis, Runnable endChannels) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (unsettled.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopping = true;
        endChannels.run();
        timer.close();
        onWorker(() -> {
            for (Lane lane : lanes.values()) {
                if (lane.waiting != null) {
                    settle(lane.waiting, DeliveryReport.Outcome.FAILED, "not sent: the monitor stopped");
                }
                Delivery d = lane.current;
                if (d != null) {
                    settle(d, DeliveryReport.Outcome.FAILED, lane.trying ? "still under way at the stop"
                            : d.lastError + "; not retried: the monitor stopped");
                }
            }
            lanes.clear();
        });
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
