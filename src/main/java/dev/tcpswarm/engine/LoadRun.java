package dev.tcpswarm.engine;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.IntervalListener;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.ProcessMemory;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * One run from start to result: dial every connection on the plan's schedule, wait until all are
 * resolved (or the deadline, or a stop request), hold them if asked (reopening what the server
 * closes if asked), then freeze the counts. Progress intervals go to the listeners on a ticker
 * thread. {@link #close()} closes the connections and the event loops.
 *
 * <p>The deadline ({@code --max-duration}) cuts a run short only when, at the deadline, a stage was
 * not done: slots still unstarted or dialing, or hold time left. That is decided from what the
 * waits returned and from planned times, never by reading the clock afterwards: a run that
 * resolved just before the deadline is not cut short because the clock has moved on since.
 */
public final class LoadRun implements AutoCloseable {
    /** How often a hold without reconnects checks whether any connection is still open. */
    private static final long HOLD_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LoadPlan plan;
    private final EventLoopGroup group;
    private final ConnectionTracker tracker;
    private final Dialer dialer;
    private final long intervalMillis;
    private final List<IntervalListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private final LongSupplier nanoClock;

    /**
     * @param intervalMillis time between progress intervals; 0 for none until the end
     */
    public LoadRun(LoadPlan plan, Transport transport, DialObserver observer, long intervalMillis) {
        this(plan, transport, observer, intervalMillis, System::nanoTime);
    }

    /** As above, with the clock the run's deadline and hold are measured by (tests drive it). */
    LoadRun(LoadPlan plan, Transport transport, DialObserver observer, long intervalMillis, LongSupplier nanoClock) {
        this.plan = plan;
        this.nanoClock = nanoClock;
        this.group = transport.newEventLoopGroup(plan.threads(), "tcpswarm-io");
        this.tracker = new ConnectionTracker(plan.connections());
        this.dialer = new Dialer(plan, tracker, group, transport, observer);
        this.intervalMillis = intervalMillis;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpswarm-progress");
            t.setDaemon(true);
            return t;
        });
    }

    public ConnectionTracker tracker() {
        return tracker;
    }

    /** Adds a receiver of progress intervals; before {@link #execute}. */
    public void addListener(IntervalListener listener) {
        listeners.add(listener);
    }

    /** Runs the plan to its end and returns the frozen result; the connections stay open until close(). */
    public RunResult execute(RunControl control) throws InterruptedException {
        dialer.warmUp(); // before the run's clock
        // The progress path's first use links code (the progress line's string concatenation spins
        // classes for about 10 ms): done here, not on a core the event loops need a second in.
        tracker.sampleInterval().counts().progressLine();
        // The run's clock: its start, and the same moment on System.nanoTime(), where the planned
        // starts, the progress intervals and the deadline count from. With --start-at, a time given
        // (the shards' common clock), which the dialer's loops wait for.
        Instant start = plan.startAt() == null ? Instant.now() : plan.startAt();
        long zeroNanos = plan.startAt() == null ? System.nanoTime()
                : System.nanoTime() + Duration.between(Instant.now(), start).toNanos();
        long t0 = nanoClock.getAsLong() + (zeroNanos - System.nanoTime());
        long deadline = plan.maxDurationNanos() > 0 ? t0 + plan.maxDurationNanos() : Long.MAX_VALUE;
        tracker.clockStartsAt(zeroNanos, start);
        listeners.forEach(l -> l.clockStarted(start));
        if (intervalMillis > 0) {
            // on the run's clock: shards given one start time sample at the same moments
            long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            ticker.scheduleAtFixedRate(this::tick, zeroNanos + intervalNanos - System.nanoTime(), intervalNanos,
                    TimeUnit.NANOSECONDS);
        }
        CompletableFuture<?> stop = control.stopRequested();
        if (!stop.isDone()) { // stopped during the warm-up: nothing starts
            dialer.startClock(zeroNanos);
        }

        boolean resolved = await(tracker.allResolved(), stop, deadline);
        boolean holdCut = false;
        boolean reopensCut = false;
        if (resolved && plan.holdNanos() > 0 && !stop.isDone()) {
            dialer.reconnect(plan.reconnect());
            long holdEnd = nanoClock.getAsLong() + plan.holdNanos();
            // without --reconnect nothing reopens: the hold ends once no connection is left open to hold
            boolean nothingHeld = !plan.reconnect() && awaitWhileAnyOpen(stop, Math.min(deadline, holdEnd));
            holdCut = holdEnd > deadline && !nothingHeld;
            if (plan.reconnect()) {
                await(new CompletableFuture<Void>(), stop, Math.min(deadline, holdEnd));
            }
            dialer.stopStarting();
            if (plan.reconnect() && !stop.isDone() && !holdCut) {
                reopensCut = !awaitReopensResolved(deadline);
            }
        }
        dialer.stopStarting();
        boolean deadlineReached = false;
        if (!stop.isDone() && (!resolved || holdCut || reopensCut)) {
            int cancelled = dialer.cancelDialing(ErrorReason.DEADLINE);
            // the last connection may resolve between the wait's end and the cancel: then nothing was cut
            deadlineReached = holdCut || cancelled > 0 || tracker.counts().notInitiated() > 0;
        }
        tracker.freeze();
        finishTicker();
        TrackerTotals totals = tracker.totals();
        long wall = Math.max(0, nanoClock.getAsLong() - t0); // 0 when stopped before the start time came
        return new RunResult(start, Instant.now(), wall, totals, control.stop() == RunControl.Stop.INTERRUPTED,
                deadlineReached, ProcessMemory.peakRssBytes());
    }

    /** Waits for {@code done}, a stop request or the deadline; true when {@code done} came first. */
    private boolean await(CompletableFuture<?> done, CompletableFuture<?> stop, long deadlineNanos)
            throws InterruptedException {
        try {
            long wait = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - nanoClock.getAsLong();
            if (wait <= 0) {
                return done.isDone();
            }
            CompletableFuture.anyOf(done, stop).get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return done.isDone();
    }

    /**
     * The hold without reconnects: waits until {@code until}, a stop request, or no connection open
     * (checked every {@link #HOLD_CHECK_NANOS}); true when it ended because none was open.
     */
    private boolean awaitWhileAnyOpen(CompletableFuture<?> stop, long until) throws InterruptedException {
        while (!stop.isDone()) {
            if (tracker.counts().established() == 0) {
                return true;
            }
            long now = nanoClock.getAsLong();
            if (now >= until) {
                return false;
            }
            await(new CompletableFuture<Void>(), stop, Math.min(until, now + HOLD_CHECK_NANOS));
        }
        return false;
    }

    /**
     * After the hold, reopens already dialing get their answer (bounded by the dial timeout). False
     * when the deadline came first with reopens still dialing.
     */
    private boolean awaitReopensResolved(long deadline) throws InterruptedException {
        long answerBy = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(plan.dialTimeoutMillis() + 100L);
        long until = Math.min(deadline, answerBy);
        while (dialer.dialingNow() > 0 && nanoClock.getAsLong() < until) {
            Thread.sleep(5);
        }
        return deadline > answerBy || dialer.dialingNow() == 0;
    }

    private void tick() {
        IntervalSample sample = tracker.sampleInterval();
        for (IntervalListener l : listeners) {
            l.interval(sample);
        }
    }

    private void finishTicker() throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        IntervalSample last = tracker.sampleInterval();
        for (IntervalListener l : listeners) {
            l.finished(last);
        }
    }

    /** Closes every connection and the event loops; quick, and bounded. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            dialer.closeAll().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing is best effort; the event loops' shutdown below closes the rest
        }
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
