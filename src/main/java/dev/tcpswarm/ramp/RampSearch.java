package dev.tcpswarm.ramp;

import dev.tcpswarm.engine.DialObserver;
import dev.tcpswarm.engine.Dialer;
import dev.tcpswarm.engine.RunControl;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.ramp.LevelResult.Phase;
import dev.tcpswarm.ramp.RampVerdict.Outcome;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.HeldConnections;
import dev.tcpswarm.stats.ProcessMemory;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import io.netty.channel.EventLoopGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The capacity search behind {@code tcpswarm ramp}. Levels grow by adding connections to those
 * already open (one {@link Dialer} and one tracker per batch added, all on one event-loop group),
 * each level is held, then judged on what it added and the health of everything held (see
 * {@link LevelResult}); the trackers of the batches held together share one
 * {@link HeldConnections}, which measures the true peak. After the first level
 * that fails, everything is closed (with RST by default, so no TIME_WAIT is left) and the limit is
 * narrowed down between the last good and the first failed level by bisection, each attempt a fresh
 * set of connections opened from nothing. Errors for a local reason (open files, local ports) stop
 * the search: they say nothing about the server.
 */
public final class RampSearch implements AutoCloseable {
    /** Hears about each level as it starts and once it is judged; called on the search's thread. */
    public interface Listener {
        default void levelStarting(Phase phase, int target) {
        }

        void levelJudged(LevelResult level);
    }

    /** The level being held now: its place in the search and the counts over all its connections. */
    public record Progress(Phase phase, int target, StatusCounts counts) {
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Beyond the plan's dialing time and the dial timeout, how long a level may take to resolve. */
    private static final long RESOLVE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long CLOSE_WAIT_SECONDS = 5;
    /** Polls with unchanged counts after which a failing level counts as settled. */
    private static final int SETTLED_POLLS = 5;
    private static final long SETTLE_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RampPlan plan;
    private final Transport transport;
    private final DialObserver observer;
    private final EventLoopGroup group;
    private Listener listener;
    /** The connections open now, one batch per level added (a fresh attempt has one). */
    private final List<Batch> held = new CopyOnWriteArrayList<>();
    /** Established now and at most across {@link #held}; a new one whenever they are all closed. */
    private volatile HeldConnections heldNow = new HeldConnections();
    /** The level being held now, null between levels. */
    private volatile Holding holding;

    /** Which level is being held. */
    private record Holding(Phase phase, int target) {
    }

    /** The connections one level added: their plan, their tracker and the dialer that opens them. */
    private record Batch(LoadPlan plan, ConnectionTracker tracker, Dialer dialer) {
    }

    /** Opens the search's event loops (so their descriptors are taken now); they close with the search. */
    public RampSearch(RampPlan plan, Transport transport, DialObserver observer) {
        this.plan = plan;
        this.transport = transport;
        this.observer = observer;
        this.group = transport.newEventLoopGroup(plan.dialing().threads(), "tcpswarm-io");
    }

    /** The level being held now, or null between levels. Any thread. */
    public Progress progress() {
        Holding h = holding;
        if (h == null) {
            return null;
        }
        return new Progress(h.phase(), h.target(),
                CombinedTotals.counts(held.stream().map(b -> b.tracker().counts()).toList()));
    }

    /** Runs the whole search, telling {@code listener} about each level; every connection is closed when it returns. */
    public RampResult execute(RunControl control, Listener listener) throws InterruptedException {
        this.listener = listener;
        Instant start = Instant.now();
        List<LevelResult> levels = new ArrayList<>();
        try {
            RampVerdict verdict = search(group, control.stopRequested(), levels);
            return new RampResult(plan, start, Instant.now(), levels, verdict);
        } finally {
            closeHeld();
            close();
        }
    }

    /** Closes the event loops (and so any connection still open). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private RampVerdict search(EventLoopGroup group, CompletableFuture<?> stop, List<LevelResult> levels)
            throws InterruptedException {
        LevelResult lastGood = null;
        LevelResult failed = null;
        int opened = 0;
        for (int target : plan.levels()) {
            LevelResult level = hold(Phase.RAMP, target, open(group, target - opened), stop);
            levels.add(level);
            listener.levelJudged(level);
            if (level.interrupted()) {
                return interrupted(lastGood == null ? 0 : lastGood.target(), 0, null);
            }
            if (level.localLimit() != null) {
                return localLimit(level);
            }
            if (!level.passed()) {
                failed = level;
                break;
            }
            lastGood = level;
            opened = target;
        }
        closeHeld();
        if (failed == null) {
            return new RampVerdict(Outcome.NO_LIMIT, lastGood.target(), 0, null, null, 0, plan.max());
        }
        if (lastGood == null) {
            return new RampVerdict(Outcome.FIRST_LEVEL_FAILED, 0, failed.target(), failed.failure(), null, 0,
                    plan.max());
        }
        return bisect(group, stop, levels, lastGood.target(), failed);
    }

    /** Fresh attempts between {@code good} (held) and {@code failed}, until they are within the precision. */
    private RampVerdict bisect(EventLoopGroup group, CompletableFuture<?> stop, List<LevelResult> levels, int good,
            LevelResult failed) throws InterruptedException {
        int lo = good;
        int hi = failed.target();
        String failure = failed.failure();
        int precision = plan.precision().connections(hi);
        while (hi - lo > precision) {
            if (await(stop, null, plan.cooldownNanos())) {
                return interrupted(lo, hi, failure);
            }
            int mid = lo + (hi - lo) / 2;
            LevelResult attempt = hold(Phase.BISECT, mid, open(group, mid), stop);
            closeHeld();
            levels.add(attempt);
            listener.levelJudged(attempt);
            if (attempt.interrupted()) {
                return interrupted(lo, hi, failure);
            }
            if (attempt.localLimit() != null) {
                return localLimit(attempt);
            }
            if (attempt.passed()) {
                lo = mid;
            } else {
                hi = mid;
                failure = attempt.failure();
            }
        }
        return new RampVerdict(Outcome.LIMIT_FOUND, lo, hi, failure, null, 0, plan.max());
    }

    private RampVerdict interrupted(int good, int failedAt, String failure) {
        return new RampVerdict(Outcome.INTERRUPTED, good, failedAt, failure, null, 0, plan.max());
    }

    private RampVerdict localLimit(LevelResult level) {
        return new RampVerdict(Outcome.LOCAL_LIMIT, 0, 0, null, level.localLimit(),
                level.held().counts().established(), plan.max());
    }

    private Batch open(EventLoopGroup group, int connections) {
        LoadPlan batchPlan = plan.dialPlan(connections);
        ConnectionTracker tracker = new ConnectionTracker(connections, heldNow);
        Batch batch = new Batch(batchPlan, tracker, new Dialer(batchPlan, tracker, group, transport, observer));
        held.add(batch);
        return batch;
    }

    /**
     * Dials {@code batch}, waits until it is resolved, holds the level, and judges it (see
     * {@link LevelResult}). Under the default rule the first error or server close ends the level at
     * once. When a stop is requested, dialing stops, the counts are frozen, and the level is
     * returned as interrupted, with what it had opened.
     */
    private LevelResult hold(Phase phase, int target, Batch batch, CompletableFuture<?> stop)
            throws InterruptedException {
        holding = new Holding(phase, target);
        listener.levelStarting(phase, target);
        try {
            batch.dialer().warmUp(); // before the level's clock
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            // With no descriptor left, its connections fail with "too many open files": a local limit.
            batch.dialer().start();
            CompletableFuture<Void> resolved = batch.tracker().allResolved();
            long resolveBy = t0 + batch.plan().rampNanos()
                    + TimeUnit.MILLISECONDS.toNanos(batch.plan().dialTimeoutMillis()) + RESOLVE_GRACE_NANOS;
            boolean trouble = false;
            while (!resolved.isDone() && !stop.isDone()) {
                if (plan.failsAtFirstTrouble() && troubleNow()) {
                    trouble = true;
                    stopDialing(batch, stop);
                    break;
                }
                if (System.nanoTime() >= resolveBy) {
                    batch.dialer().cancelDialing(ErrorReason.DEADLINE);
                    break;
                }
                await(stop, resolved, POLL_NANOS);
            }
            long holdUntil = System.nanoTime() + plan.levelHoldNanos();
            while (!trouble && !stop.isDone() && System.nanoTime() < holdUntil) {
                trouble = plan.failsAtFirstTrouble() && troubleNow();
                await(stop, null, Math.min(POLL_NANOS, holdUntil - System.nanoTime()));
            }
            if (trouble) {
                settle(stop);
            }
            if (stop.isDone()) {
                stopAndFreeze();
                return LevelResult.interrupted(phase, target, added(batch, start, t0), held(start, t0));
            }
            return LevelResult.judge(phase, target, added(batch, start, t0), held(start, t0), plan.failWhen());
        } finally {
            holding = null;
        }
    }

    /** Every connection held now, as one run that started at {@code start}, with the peak measured across them. */
    private RunResult held(Instant start, long t0) {
        TrackerTotals totals = CombinedTotals.of(held.stream().map(b -> b.tracker().totals()).toList(),
                heldNow.peak());
        return asRun(totals, start, t0);
    }

    /** The connections {@code batch} added, as one run that started at {@code start}. */
    private RunResult added(Batch batch, Instant start, long t0) {
        return asRun(batch.tracker().totals(), start, t0);
    }

    private RunResult asRun(TrackerTotals totals, Instant start, long t0) {
        return new RunResult(start, Instant.now(), System.nanoTime() - t0, totals, false, false,
                ProcessMemory.peakRssBytes());
    }

    /** Any error or server close among the connections held: the default rule's first sign of trouble. */
    private boolean troubleNow() {
        for (Batch b : held) {
            StatusCounts c = b.tracker().counts();
            if (c.error() > 0 || c.closed() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * After the first sign of trouble, waits until the counts stop moving (the resets and closes
     * still on their way arrive), so the level is judged on what the server did, not on a moment
     * in the middle of it. Bounded by the level hold (at least {@link #SETTLE_MIN_NANOS}).
     */
    private void settle(CompletableFuture<?> stop) throws InterruptedException {
        long until = System.nanoTime() + Math.max(plan.levelHoldNanos(), SETTLE_MIN_NANOS);
        StatusCounts last = null;
        int unchanged = 0;
        while (unchanged < SETTLED_POLLS && !stop.isDone() && System.nanoTime() < until) {
            StatusCounts now = CombinedTotals.counts(held.stream().map(b -> b.tracker().counts()).toList());
            unchanged = now.equals(last) ? unchanged + 1 : 0;
            last = now;
            await(stop, null, POLL_NANOS);
        }
    }

    /** Starts no more of the batch, and gives those dialing their answer (bounded by the dial timeout). */
    private static void stopDialing(Batch batch, CompletableFuture<?> stop) throws InterruptedException {
        batch.dialer().stopStarting();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(batch.plan().dialTimeoutMillis() + 100L);
        while (batch.tracker().counts().dialing() > 0 && !stop.isDone() && System.nanoTime() < until) {
            await(stop, null, POLL_NANOS);
        }
    }

    /**
     * Stops every batch's dialing, then freezes the counts: in this order, so that no connection
     * starts uncounted in between (those still dialing stay counted as dialing).
     */
    private void stopAndFreeze() {
        for (Batch b : held) {
            b.dialer().stopStarting();
        }
        for (Batch b : held) {
            b.tracker().freeze();
        }
    }

    /**
     * Stops dialing and freezes the counts (our own closing is not the server's doing), then closes
     * every connection held.
     */
    private void closeHeld() throws InterruptedException {
        stopAndFreeze();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Batch b : held) {
            closing.add(b.dialer().closeAll());
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                    .get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // best effort: the event loops' shutdown closes whatever is left
        }
        held.clear();
        heldNow = new HeldConnections();
    }

    /**
     * Waits up to {@code nanos} for a stop request or {@code done} (may be null); true when a stop
     * was requested.
     */
    private static boolean await(CompletableFuture<?> stop, CompletableFuture<?> done, long nanos)
            throws InterruptedException {
        if (nanos > 0) {
            try {
                (done == null ? stop : CompletableFuture.anyOf(stop, done)).get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the time is up
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return stop.isDone();
    }
}
