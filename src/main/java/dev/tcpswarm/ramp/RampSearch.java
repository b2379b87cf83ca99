package dev.tcpswarm.ramp;

import dev.tcpswarm.engine.DialObserver;
import dev.tcpswarm.engine.EventLoops;
import dev.tcpswarm.engine.LoadRun;
import dev.tcpswarm.engine.Messaging;
import dev.tcpswarm.engine.RunControl;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.ramp.LevelResult.Phase;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.HeldConnections;
import dev.tcpswarm.stats.MessageTotals;
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
 * The capacity search behind {@code tcpswarm ramp}, on the engine: the policy ({@link RampPolicy})
 * decides the levels; each level is a {@code run} of the connections it adds ({@link LoadRun#level},
 * one per level added, all on one event-loop group), held, then judged on what it added and the
 * health of everything held (see {@link LevelResult}); the trackers of the levels held together
 * share one {@link HeldConnections}, which measures the true peak. Everything is closed with the
 * plan's close mode (RST by default, so no TIME_WAIT is left) when the policy asks.
 *
 * <p>Threads: {@link #execute} on the search's thread; {@link #progress} from any thread.
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
    private final List<dev.tcpswarm.engine.Phase> phases;
    /** What each connection sends while held; null for nothing. */
    private final Messaging messaging;
    private final EventLoopGroup group;
    /** The levels whose connections are open now, one per level added (a fresh attempt has one). */
    private final List<LoadRun> held = new CopyOnWriteArrayList<>();
    /** Established now and at most across {@link #held}; a new one whenever they are all closed. */
    private volatile HeldConnections heldNow = new HeldConnections();
    /** How many connections {@link #held} aims at. */
    private int opened;
    /** The level being held now, null between levels. */
    private volatile Holding holding;

    /** Which level is being held. */
    private record Holding(Phase phase, int target) {
    }

    /** Opens the search's event loops (so their descriptors are taken now); they close with the search. */
    public RampSearch(RampPlan plan, Transport transport, DialObserver observer) {
        this(plan, transport, observer, List.of());
    }

    /** A search whose connections walk {@code phases} after the TCP connect (TLS). */
    public RampSearch(RampPlan plan, Transport transport, DialObserver observer,
            List<dev.tcpswarm.engine.Phase> phases) {
        this(plan, transport, observer, phases, null);
    }

    /**
     * A search whose connections walk {@code phases} after the TCP connect (TLS), then send what
     * {@code messaging} says while they are held (null: nothing): each level is then also judged on
     * the traffic of everything held during its hold.
     */
    public RampSearch(RampPlan plan, Transport transport, DialObserver observer,
            List<dev.tcpswarm.engine.Phase> phases, Messaging messaging) {
        this.plan = plan;
        this.messaging = messaging;
        this.transport = transport;
        this.observer = observer;
        this.phases = List.copyOf(phases);
        this.group = transport.newEventLoopGroup(plan.dialing().threads(), "tcpswarm-io");
    }

    /** The level being held now, or null between levels. Any thread. */
    public Progress progress() {
        Holding h = holding;
        if (h == null) {
            return null;
        }
        return new Progress(h.phase(), h.target(), CombinedTotals.counts(held.stream().map(r -> r.tracker().counts()).toList()));
    }

    /** Runs the whole search, telling {@code listener} about each level; every connection is closed when it returns. */
    public RampResult execute(RunControl control, Listener listener) throws InterruptedException {
        Instant start = Instant.now();
        List<LevelResult> levels = new ArrayList<>();
        try {
            RampVerdict verdict = new RampPolicy(plan).search(new EngineLevels(control, listener), levels,
                    listener::levelJudged);
            return new RampResult(plan, start, Instant.now(), levels, verdict);
        } finally {
            closeHeld();
            close();
        }
    }

    /** Closes the event loops (and so any connection still open). */
    @Override
    public void close() {
        EventLoops.shutDown(group);
    }

    /** The policy's levels, held on the engine. */
    private final class EngineLevels implements RampPolicy.Levels {
        private final RunControl control;
        private final Listener listener;

        EngineLevels(RunControl control, Listener listener) {
            this.control = control;
            this.listener = listener;
        }

        @Override
        public LevelResult judge(Phase phase, int target) throws InterruptedException {
            return hold(phase, target, control, listener);
        }

        @Override
        public void closeAll() throws InterruptedException {
            closeHeld();
        }

        @Override
        public boolean coolDown(long nanos) throws InterruptedException {
            return await(control.stopRequested(), nanos);
        }
    }

    /**
     * Runs the level's connections on run's lifecycle, watched for trouble (under the default rule
     * the first error or server close ends the level at once, and the counts are left to settle),
     * and judges it (see {@link LevelResult}). When a stop is requested, dialing stops, the counts
     * are frozen, and the level is returned as interrupted, with what it had opened.
     */
    private LevelResult hold(Phase phase, int target, RunControl control, Listener listener)
            throws InterruptedException {
        holding = new Holding(phase, target);
        listener.levelStarting(phase, target);
        try {
            int adding = target - opened;
            LoadPlan levelPlan = levelPlan(adding);
            // With no descriptor left, its connections fail with "too many open files": a local limit.
            MessageTotals trafficBefore = heldTraffic();
            LoadRun level = LoadRun.level(levelPlan, group, transport, new ConnectionTracker(adding, heldNow),
                    observer, phases, messaging);
            held.add(level);
            opened = target;
            level.execute(control, new LoadRun.Watch() {
                @Override
                public boolean trouble() {
                    return plan.failsAtFirstTrouble() && troubleNow();
                }

                @Override
                public long dialStageNanos(LoadPlan p) {
                    return p.rampNanos() + TimeUnit.MILLISECONDS.toNanos(p.dialTimeoutMillis()) + RESOLVE_GRACE_NANOS;
                }
            });
            CompletableFuture<?> stop = control.stopRequested();
            if (level.troubled()) {
                settle(stop);
            }
            Instant start = level.started();
            long t0 = level.startedNanos();
            if (stop.isDone()) {
                stopAndFreeze();
                return LevelResult.interrupted(phase, target, added(level, start, t0), held(start, t0, trafficBefore));
            }
            return LevelResult.judge(phase, target, added(level, start, t0), held(start, t0, trafficBefore),
                    plan.failWhen());
        } finally {
            holding = null;
        }
    }

    /** The plan for a level adding {@code connections}: the ramp's way of opening them, held for the level's hold. */
    private LoadPlan levelPlan(int connections) {
        LoadPlan d = plan.dialPlan(connections);
        return new LoadPlan(d.target(), connections, d.startIntervalNanos(), d.dialTimeoutMillis(),
                plan.levelHoldNanos(), false, 0, d.closeMode(), d.sources(), d.threads());
    }

    /**
     * Every connection held now, as one run that started at {@code start}, with the peak measured
     * across them; its traffic is what they sent and were answered since {@code trafficBefore}
     * (during the level's hold).
     */
    private RunResult held(Instant start, long t0, MessageTotals trafficBefore) {
        TrackerTotals totals = CombinedTotals.of(held.stream().map(r -> r.tracker().totals()).toList(),
                heldNow.peak());
        if (messaging != null) {
            totals = totals.withMessages(totals.messages().since(trafficBefore));
        }
        return asRun(totals, start, t0);
    }

    /** The traffic of every connection held now, so far ({@link MessageTotals#NONE} when none is held). */
    private MessageTotals heldTraffic() {
        MessageTotals sum = MessageTotals.NONE;
        for (LoadRun r : held) {
            sum = sum.plus(r.tracker().totals().messages());
        }
        return sum;
    }

    /** The connections {@code level} added, as one run that started at {@code start}. */
    private static RunResult added(LoadRun level, Instant start, long t0) {
        return asRun(level.tracker().totals(), start, t0);
    }

    private static RunResult asRun(TrackerTotals totals, Instant start, long t0) {
        return new RunResult(start, Instant.now(), System.nanoTime() - t0, totals, false, false,
                ProcessMemory.peakRssBytes());
    }

    /** Any error or server close among the connections held: the default rule's first sign of trouble. */
    private boolean troubleNow() {
        for (LoadRun r : held) {
            StatusCounts c = r.tracker().counts();
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
            StatusCounts now = CombinedTotals.counts(held.stream().map(r -> r.tracker().counts()).toList());
            unchanged = now.equals(last) ? unchanged + 1 : 0;
            last = now;
            await(stop, POLL_NANOS);
        }
    }

    /**
     * Freezes every level's counts (their dialing has stopped: each level's run stops starting
     * before it returns), so that no connection starts uncounted (those still dialing stay counted
     * as dialing).
     */
    private void stopAndFreeze() {
        for (LoadRun r : held) {
            r.tracker().freeze();
        }
    }

    /**
     * Freezes the counts (our own closing is not the server's doing), then closes every connection
     * held.
     */
    private void closeHeld() throws InterruptedException {
        stopAndFreeze();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (LoadRun r : held) {
            closing.add(r.closeConnections());
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                    .get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // best effort: the event loops' shutdown closes whatever is left
        }
        held.clear();
        opened = 0;
        heldNow = new HeldConnections();
    }

    /** Waits up to {@code nanos} for a stop request; true when one was made. */
    private static boolean await(CompletableFuture<?> stop, long nanos) throws InterruptedException {
        if (nanos > 0) {
            try {
                stop.get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the time is up
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return stop.isDone();
    }
}
