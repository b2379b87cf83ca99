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
 *
 * <p>A ramp's level is this same lifecycle ({@link #level}): on the search's event loops (which
 * outlive it), with a {@link Watch} that ends it at the first sign of trouble and bounds its dial
 * stage, and counts that stay live after it (its connections are held into the next levels).
 *
 * <p>Threads: {@link #execute} on the owner's thread; the rest from any thread.
 */
public final class LoadRun implements AutoCloseable {
    /**
     * How a ramp's level watches its run; {@link #NONE} for a run. Polled every
     * {@value #WATCH_POLL_MILLIS} ms while dialing and holding, on the run's thread.
     */
    public interface Watch {
        Watch NONE = new Watch() {
            @Override
            public boolean trouble() {
                return false;
            }

            @Override
            public long dialStageNanos(LoadPlan plan) {
                return Long.MAX_VALUE;
            }
        };

        /** True ends the run early: no more starts, those dialing get their answer, no hold. */
        boolean trouble();

        /**
         * How long after the clock's start the dial stage may last: the connections not resolved
         * by then are cancelled ({@link ErrorReason#DEADLINE}) and the run goes on to its hold.
         * {@link Long#MAX_VALUE} for no bound beyond the run's deadline.
         */
        long dialStageNanos(LoadPlan plan);
    }

    private static final long WATCH_POLL_MILLIS = 10;

    /** How often a hold without reconnects checks whether any connection is still open. */
    private static final long HOLD_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** What a wait that only a stop request or its deadline ends waits for: never done. */
    private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

    private final LoadPlan plan;
    private final EventLoopGroup group;
    /** Whether this run shut its event loops down when closed (a run's own; not a ramp level's). */
    private final boolean ownsLoops;
    private final ConnectionTracker tracker;
    private final Dialer dialer;
    private final long intervalMillis;
    private final List<IntervalListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private final LongSupplier nanoClock;
    /** Wakes the run's thread out of its waits: on the stop request, and once every connection is resolved. */
    private final Wakeups wakeups = new Wakeups();
    private Instant started;
    private long startedNanos;
    private boolean troubled;
    private final Messaging messaging;

    /**
     * @param intervalMillis time between progress intervals; 0 for none until the end
     */
    public LoadRun(LoadPlan plan, Transport transport, DialObserver observer, long intervalMillis) {
        this(plan, transport, observer, intervalMillis, System::nanoTime);
    }

    /** As above, with the clock the run's deadline and hold are measured by (tests drive it). */
    LoadRun(LoadPlan plan, Transport transport, DialObserver observer, long intervalMillis, LongSupplier nanoClock) {
        this(plan, transport, observer, intervalMillis, nanoClock, List.of(), null);
    }

    /** A run whose connections walk {@code phases} after the TCP connect (TLS). */
    public LoadRun(LoadPlan plan, Transport transport, DialObserver observer, long intervalMillis, List<Phase> phases) {
        this(plan, transport, observer, intervalMillis, System::nanoTime, phases, null);
    }

    /**
     * A run whose connections walk {@code phases} after the TCP connect (TLS), then, while they are
     * held, send what {@code messaging} says (null: nothing).
     */
    public LoadRun(LoadPlan plan, Transport transport, DialObserver observer, long intervalMillis, List<Phase> phases,
            Messaging messaging) {
        this(plan, transport, observer, intervalMillis, System::nanoTime, phases, messaging);
    }

    private LoadRun(LoadPlan plan, Transport transport, DialObserver observer, long intervalMillis,
            LongSupplier nanoClock, List<Phase> phases, Messaging messaging) {
        this(plan, transport.newEventLoopGroup(plan.threads(), "tcpswarm-io"), true, transport,
                new ConnectionTracker(plan.connections()), observer, intervalMillis, nanoClock, phases, messaging);
    }

    private LoadRun(LoadPlan plan, EventLoopGroup group, boolean ownsLoops, Transport transport,
            ConnectionTracker tracker, DialObserver observer, long intervalMillis, LongSupplier nanoClock,
            List<Phase> phases, Messaging messaging) {
        this.plan = plan;
        this.nanoClock = nanoClock;
        this.group = group;
        this.ownsLoops = ownsLoops;
        this.tracker = tracker;
        if (phases.stream().anyMatch(Phase::isTls)) {
            tracker.usesTls();
        }
        this.dialer = new Dialer(plan, tracker, group, transport, observer, phases, messaging);
        this.messaging = messaging;
        this.intervalMillis = intervalMillis;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpswarm-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A ramp's level: a run of {@code plan} on {@code group} (the search's loops, left open when it
     * closes), counted by {@code tracker}, with no progress intervals.
     */
    public static LoadRun level(LoadPlan plan, EventLoopGroup group, Transport transport, ConnectionTracker tracker,
            DialObserver observer, List<Phase> phases) {
        return level(plan, group, transport, tracker, observer, phases, null);
    }

    /** As above, its connections sending what {@code messaging} says while they are held (null: nothing). */
    public static LoadRun level(LoadPlan plan, EventLoopGroup group, Transport transport, ConnectionTracker tracker,
            DialObserver observer, List<Phase> phases, Messaging messaging) {
        return new LoadRun(plan, group, false, transport, tracker, observer, 0, System::nanoTime, phases, messaging);
    }

    public ConnectionTracker tracker() {
        return tracker;
    }

    /** When {@link #execute}'s clock started (null before), on the wall clock. */
    public Instant started() {
        return started;
    }

    /** The same moment on {@link System#nanoTime()}. */
    public long startedNanos() {
        return startedNanos;
    }

    /** Whether the {@link Watch} saw trouble and ended the run early. */
    public boolean troubled() {
        return troubled;
    }

    /** Adds a receiver of progress intervals; before {@link #execute}. */
    public void addListener(IntervalListener listener) {
        listeners.add(listener);
    }

    /** Runs the plan to its end and returns the frozen result; the connections stay open until close(). */
    public RunResult execute(RunControl control) throws InterruptedException {
        return execute(control, Watch.NONE);
    }

    /**
     * Runs the plan to its end, watched by {@code watch}. With {@link Watch#NONE} the result is
     * frozen; otherwise the counts are frozen only when a stop was requested (a level's connections
     * go on being counted while they are held), and the result is of the moment it returns.
     */
    public RunResult execute(RunControl control, Watch watch) throws InterruptedException {
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
        long dialStage = watch.dialStageNanos(plan);
        long dialDeadline = dialStage == Long.MAX_VALUE ? deadline : Math.min(deadline, t0 + dialStage);
        started = start;
        startedNanos = zeroNanos;
        tracker.clockStartsAt(zeroNanos, start);
        listeners.forEach(l -> l.clockStarted(start));
        if (intervalMillis > 0) {
            // on the run's clock: shards given one start time sample at the same moments
            long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            ticker.scheduleAtFixedRate(this::tick, zeroNanos + intervalNanos - System.nanoTime(), intervalNanos,
                    TimeUnit.NANOSECONDS);
        }
        CompletableFuture<?> stop = control.stopRequested();
        wakeups.wakeOn(stop);
        wakeups.wakeOn(tracker.allResolved());
        if (!stop.isDone()) { // stopped during the warm-up: nothing starts
            dialer.startClock(zeroNanos);
        }

        boolean resolved = await(tracker.allResolved(), stop, dialDeadline, watch);
        if (!resolved && !troubled && !stop.isDone() && dialDeadline < deadline) {
            dialer.cancelDialing(ErrorReason.DEADLINE); // the dial stage's bound, not the run's deadline
            resolved = true;
        }
        if (troubled) {
            awaitAnswers(stop); // those dialing get their answer
        }
        boolean holdCut = false;
        boolean reopensCut = false;
        if (resolved && !troubled && plan.holdNanos() > 0 && !stop.isDone()) {
            dialer.reconnect(plan.reconnect());
            long holdEnd = nanoClock.getAsLong() + plan.holdNanos();
            // a run without --reconnect (not a ramp's level, whose hold is for what is held before it):
            // nothing reopens, so the hold ends once no connection is left open to hold
            boolean nothingHeld = watch == Watch.NONE && !plan.reconnect()
                    && awaitWhileAnyOpen(stop, Math.min(deadline, holdEnd));
            holdCut = holdEnd > deadline && !nothingHeld;
            if (!nothingHeld) {
                await(NEVER, stop, Math.min(deadline, holdEnd), watch);
            }
            holdCut &= !troubled;
            dialer.stopStarting();
            if (plan.reconnect() && !stop.isDone() && !holdCut) {
                reopensCut = !awaitReopensResolved(deadline);
            }
        }
        dialer.stopStarting();
        boolean deadlineReached = false;
        if (!troubled && !stop.isDone() && (!resolved || holdCut || reopensCut)) {
            int cancelled = dialer.cancelDialing(ErrorReason.DEADLINE);
            // the last connection may resolve between the wait's end and the cancel: then nothing was cut
            deadlineReached = holdCut || cancelled > 0 || tracker.counts().notInitiated() > 0;
        }
        if (watch == Watch.NONE || stop.isDone()) {
            endMessages(stop, deadline);
            tracker.freeze();
        }
        finishTicker();
        TrackerTotals totals = tracker.totals();
        long wall = Math.max(0, nanoClock.getAsLong() - t0); // 0 when stopped before the start time came
        return new RunResult(start, Instant.now(), wall, totals, control.stop() == RunControl.Stop.INTERRUPTED,
                deadlineReached, ProcessMemory.peakRssBytes());
    }

    /**
     * The hold is over: no more messages, and the answers still awaited get until their response
     * timeout (a stop request or the deadline cut that short), so that the last messages of a
     * healthy server are answered rather than counted missing.
     */
    private void endMessages(CompletableFuture<?> stop, long deadline) throws InterruptedException {
        if (messaging == null) {
            return;
        }
        dialer.stopMessages();
        long until = Math.min(deadline, nanoClock.getAsLong() + messaging.responseTimeoutNanos());
        while (dialer.awaitedAnswers() > 0 && !stop.isDone() && nanoClock.getAsLong() < until) {
            Thread.sleep(2);
        }
    }

    /**
     * Waits for {@code done}, a stop request, the deadline or (watched) trouble; true when
     * {@code done} came first.
     */
    private boolean await(CompletableFuture<?> done, CompletableFuture<?> stop, long deadlineNanos, Watch watch)
            throws InterruptedException {
        if (watch == Watch.NONE) {
            return await(done, stop, deadlineNanos);
        }
        long poll = TimeUnit.MILLISECONDS.toNanos(WATCH_POLL_MILLIS);
        while (!done.isDone() && !stop.isDone()) {
            if (watch.trouble()) {
                troubled = true;
                dialer.stopStarting();
                return false;
            }
            long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - nanoClock.getAsLong();
            if (left <= 0) {
                return false;
            }
            await(done, stop, nanoClock.getAsLong() + Math.min(poll, left));
        }
        return done.isDone();
    }

    /**
     * Waits for {@code done}, a stop request or the deadline; true when {@code done} came first.
     * {@code done} is the tracker's {@code allResolved} or {@link #NEVER}, and {@code stop} the run's
     * stop request: {@link #wakeups} wakes on those.
     */
    private boolean await(CompletableFuture<?> done, CompletableFuture<?> stop, long deadlineNanos)
            throws InterruptedException {
        long wait = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - nanoClock.getAsLong();
        if (wait > 0) {
            wakeups.sleepUntil(() -> done.isDone() || stop.isDone(), wait);
        }
        return done.isDone();
    }

    /**
     * The hold without reconnects: waits until {@code until}, a stop request, or no connection open
     * (checked every {@link #HOLD_CHECK_NANOS}); true when it ended because none was open.
     */
    private boolean awaitWhileAnyOpen(CompletableFuture<?> stop, long until) throws InterruptedException {
        while (!stop.isDone()) {
            if (tracker.openNow() == 0) {
                return true;
            }
            long now = nanoClock.getAsLong();
            if (now >= until) {
                return false;
            }
            await(NEVER, stop, Math.min(until, now + HOLD_CHECK_NANOS));
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

    /**
     * After trouble ended the dial stage: no more starts, and those dialing get their answer (bounded
     * by the dial timeout), so the level is judged on what the server did.
     */
    private void awaitAnswers(CompletableFuture<?> stop) throws InterruptedException {
        long until = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(plan.dialTimeoutMillis() + 100L);
        while (tracker.counts().dialing() > 0 && !stop.isDone() && nanoClock.getAsLong() < until) {
            await(NEVER, stop, nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(WATCH_POLL_MILLIS));
        }
    }

    /** Closes every connection (with {@link dev.tcpswarm.plan.CloseMode#RST}, by reset); the loops stay. */
    public CompletableFuture<Void> closeConnections() {
        return dialer.closeAll();
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
        if (ownsLoops) {
            EventLoops.shutDown(group);
        }
    }
}
