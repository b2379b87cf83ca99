package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Starts every service's probes on time, on the engine's event loops: each service belongs to one
 * loop (round robin) and has one timer there, re-armed for its next planned time after each start;
 * no thread per service. A probe still running when the next is due makes that one be skipped (no
 * overlapping probes of one service). Results go to {@code results} from the loops, those of
 * services removed meanwhile too (the pipeline drops them). {@link #update} (reload), {@link #stop}
 * and {@link #awaitIdle} may be called from any thread.
 */
public final class ProbeScheduler {
    private final ProbeDialer dialer;
    private final List<EventLoop> loops = new ArrayList<>();
    private final MonitorClock clock;
    private final Consumer<ProbeResult> results;
    private final long originNanos;
    private final Map<String, ServiceTimer> timers = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The wall start times of the probes under way, with their counts; guarded by itself. */
    private final TreeMap<Long, Integer> outSince = new TreeMap<>();
    private int nextLoop;

    public ProbeScheduler(EventLoopGroup group, ProbeDialer dialer, MonitorClock clock, Consumer<ProbeResult> results) {
        this.dialer = dialer;
        this.clock = clock;
        this.results = results;
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        this.originNanos = System.nanoTime();
    }

    /** Probes {@code services} from now on: new ones start, changed ones restart, missing ones stop. */
    public synchronized void update(List<ServiceConfig> services) {
        Map<String, ServiceConfig> wanted = new HashMap<>();
        for (ServiceConfig s : services) {
            wanted.put(s.name(), s);
        }
        for (var it = timers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ServiceConfig w = wanted.get(e.getKey());
            if (w == null || !w.equals(e.getValue().service)) {
                e.getValue().cancel();
                it.remove();
            }
        }
        for (ServiceConfig s : services) {
            if (!timers.containsKey(s.name())) {
                EventLoop loop = loops.get(nextLoop++ % loops.size());
                ServiceTimer t = new ServiceTimer(s, loop, ProbeSchedule.of(s.name(), originNanos, s.intervalNanos()));
                timers.put(s.name(), t);
                loop.execute(t::arm);
            }
        }
    }

    /** No probe starts after this; those under way finish. */
    public synchronized void stop() {
        timers.values().forEach(ServiceTimer::cancel);
        timers.clear();
    }

    /**
     * The start of the oldest probe under way, else now: every probe started before it has handed
     * its result over. The start time is read and registered under one lock, so a probe this does
     * not see starts at or after the time it returns. Any thread.
     */
    public long settledEpochMillis() {
        synchronized (outSince) {
            return outSince.isEmpty() ? clock.epochMillis() : outSince.firstKey();
        }
    }

    /** Reads the wall clock as a probe's start and counts the probe as out since then. */
    private long goingOut() {
        synchronized (outSince) {
            long wall = clock.epochMillis();
            outSince.merge(wall, 1, Integer::sum);
            return wall;
        }
    }

    /** The probe started at {@code wall} has handed its result over. */
    private void cameBack(long wall) {
        synchronized (outSince) {
            outSince.computeIfPresent(wall, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Waits up to {@code millis} for the probes under way to hand their results over; true when none is left. */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        return inFlight.get() == 0;
    }

    /** One service's timer and its probe in flight; touched on its loop only (cancel hops there). */
    private final class ServiceTimer {
        final ServiceConfig service;
        final EventLoop loop;
        final ProbeSchedule schedule;
        long k;
        boolean busy;
        volatile boolean cancelled;
        ScheduledFuture<?> pending;

        ServiceTimer(ServiceConfig service, EventLoop loop, ProbeSchedule schedule) {
            this.service = service;
            this.loop = loop;
            this.schedule = schedule;
        }

        void arm() {
            if (cancelled) {
                return;
            }
            long now = System.nanoTime();
            k = Math.max(k, schedule.firstIndexFrom(now));
            long planned = schedule.plannedNanos(k);
            pending = loop.schedule(() -> fire(planned), Math.max(0, planned - now), TimeUnit.NANOSECONDS);
        }

        void fire(long planned) {
            if (cancelled) {
                return;
            }
            long start = System.nanoTime();
            k++;
            if (!busy) {
                busy = true;
                inFlight.incrementAndGet();
                long wall = goingOut();
                dialer.probe(loop, service.probeRequest(), reading -> {
                    busy = false;
                    results.accept(ProbeResult.of(service.name(), planned, start, wall, reading));
                    cameBack(wall); // after the result is handed over
                    inFlight.decrementAndGet();
                });
            }
            arm();
        }

        void cancel() {
            cancelled = true;
            loop.execute(() -> {
                if (pending != null) {
                    pending.cancel(false);
                }
            });
        }
    }
}
