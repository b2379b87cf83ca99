package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import dev.tcpswarm.report.Words;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;

/**
 * A running monitor: the probes on the engine's event loops ({@link ProbeScheduler},
 * {@link ProbeDialer}), one pipeline thread that takes every result, notification outcome and
 * reload in turn through the {@link MonitorCore} to the sinks, and the notifier's own thread for
 * deliveries. Threads: besides the event loops, one pipeline thread, one or two for name lookups,
 * one for the notifier; the command's thread calls {@link #start}, {@link #awaitStop} and
 * {@link #close}; {@link #reload} may come from any thread (the SIGHUP handler).
 */
public final class Monitor implements AutoCloseable {
    private static final int RESOLVER_THREADS = 2;
    /** Longest wait at the end for probes under way. */
    private static final long MAX_FINAL_WAIT_MILLIS = 2000;
    /** How often the pipeline takes what was queued. */
    private static final long PIPELINE_TICK_MILLIS = 10;
    private static final long PIPELINE_TICK_NANOS = PIPELINE_TICK_MILLIS * 1_000_000L;

    private final MonitorClock clock;
    private final PrintStream err;
    private final EventLoopGroup group;
    private final ExecutorService resolver;
    private final ProbeDialer dialer;
    private final ProbeScheduler scheduler;
    private final Notifier notifier;
    private final Listeners listeners;
    private final MonitorCore core;
    private final PeriodStats stats = new PeriodStats();
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final Thread pipeline;
    private final CompletableFuture<Void> pipelineDone = new CompletableFuture<>();
    private volatile boolean closing;
    private boolean closed;
    private CountDownLatch onceLatch;

    /** The pipeline's end: the final summary is written once this is taken. */
    private record Stop() {
    }

    /** A new config to put in force, with what to print about it. */
    private record Reload(MonitorConfig config) {
    }

    /**
     * @param registry where the metrics go; null for none
     * @param extra more sinks (a store, a status page), after the built-in ones
     */
    public Monitor(MonitorConfig config, MonitorClock clock, Transport transport, int threads, PrintStream out,
            PrintStream err, PrometheusRegistry registry, List<MonitorListener> extra) {
        this.clock = clock;
        this.err = err;
        this.group = transport.newEventLoopGroup(threads, "tcpswarm-probe");
        this.resolver = Executors.newFixedThreadPool(RESOLVER_THREADS, r -> {
            Thread t = new Thread(r, "tcpswarm-resolver");
            t.setDaemon(true);
            return t;
        });
        this.dialer = new ProbeDialer(transport, resolver);
        this.listeners = new Listeners(err);
        listeners.add(stats).add(new ConsoleOutput(out, err, stats, clock));
        EventLog eventLog = null;
        if (config.logging().dir() != null) {
            Counter lostLines = registry == null ? null : WriteFaults.lostLinesCounter(registry);
            eventLog = new EventLog(config.logging(), clock, new WriteFaults("events", "line", err, lostLines));
            listeners.add(eventLog).add(new DailyLog(config.logging(), stats, clock,
                    new WriteFaults("tcp_stats", "row", err, lostLines)));
        }
        if (registry != null) {
            listeners.add(new MonitorMetrics(registry));
        }
        EventLog events = eventLog;
        this.notifier = new Notifier(out, clock,
                line -> {
                    if (events != null) {
                        events.write(clock.epochMillis(), line);
                    } else {
                        err.println(MonitorCore.timestamp(clock.epochMillis(), clock.zone()) + " " + line);
                    }
                },
                queue::add);
        listeners.add(notifier);
        extra.forEach(listeners::add);
        this.core = new MonitorCore(config, clock, listeners);
        this.scheduler = new ProbeScheduler(group, dialer, clock, queue::add);
        this.pipeline = new Thread(this::runPipeline, "tcpswarm-pipeline");
        pipeline.setDaemon(true);
    }

    /** The figures of the summaries, for the command's last words. */
    public PeriodStats stats() {
        return stats;
    }

    /** The pipeline's logic; read it only once the monitor is closed (or from the pipeline). */
    public MonitorCore core() {
        return core;
    }

    /** Starts the pipeline and the probes. */
    public void start() {
        dialer.warmUp(group);
        core.start();
        pipeline.start();
        scheduler.update(core.config().services());
    }

    /**
     * Probes every service once, at once, and waits for all of them (each bounded by its timeout,
     * attempts and lookup). Instead of {@link #start}, for {@code --once}.
     */
    public void probeOnce() throws InterruptedException {
        core.start();
        List<ServiceConfig> services = core.config().services();
        onceLatch = new CountDownLatch(services.size());
        pipeline.start();
        for (ServiceConfig s : services) {
            EventLoop loop = group.next();
            long planned = System.nanoTime();
            long wall = clock.epochMillis();
            dialer.probe(loop, s.probeRequest(), reading -> queue.add(ProbeResult.of(s.name(), planned, planned, wall, reading)));
        }
        onceLatch.await();
    }

    /** Puts {@code next} in force (on the pipeline thread, soon); the probes follow. Any thread. */
    public void reload(MonitorConfig next) {
        post(new Reload(next));
    }

    /** Waits for {@code stop} or until {@code deadlineNanos} (monotonic; Long.MAX_VALUE for none). */
    public void awaitStop(CompletableFuture<?> stop, long deadlineNanos) throws InterruptedException {
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                CompletableFuture.anyOf(stop, pipelineDone).get();
            } else {
                CompletableFuture.anyOf(stop, pipelineDone).get(Math.max(0, deadlineNanos - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            // the duration is over
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The pipeline thread: every {@value #PIPELINE_TICK_MILLIS} ms (sooner when the core has a timer
     * due, at once for the stop) it takes everything queued, in order. Producers never wake it up:
     * a thousand results a second cost one wake-up per tick, not one each.
     */
    private void runPipeline() {
        try {
            while (true) {
                long wait = Math.min(core.nextDueNanos() - clock.nanoTime(), PIPELINE_TICK_NANOS);
                if (wait > 0 && queue.isEmpty()) {
                    LockSupport.parkNanos(this, wait);
                }
                for (Object item; (item = queue.poll()) != null; ) {
                    if (item instanceof Stop) {
                        core.finish();
                        return;
                    }
                    handle(item);
                }
                if (!closing && onceLatch == null) {
                    core.tick();
                }
            }
        } catch (RuntimeException e) {
            err.println("tcpswarm monitor: internal error in the pipeline: " + e);
        } finally {
            pipelineDone.complete(null);
        }
    }

    /** Queues a stop, a reload or the last results, and wakes the pipeline for it. */
    private void post(Object item) {
        queue.add(item);
        LockSupport.unpark(pipeline);
    }

    private void handle(Object item) {
        if (item instanceof ProbeResult r) {
            core.onResult(r);
            if (onceLatch != null) {
                onceLatch.countDown();
            }
        } else if (item instanceof NotificationOutcome o) {
            core.onNotification(o);
        } else if (item instanceof Reload reload) {
            ConfigChanges changes = core.reload(reload.config());
            scheduler.update(reload.config().services());
            err.println("tcpswarm monitor: reloaded " + reload.config().source() + ": "
                    + Words.count(reload.config().services().size(), "service") + " (" + changes.addedServices().size()
                    + " added, " + changes.removedServices().size() + " removed, " + changes.changedServices().size()
                    + " changed), " + Words.count(reload.config().groups().size(), "group") + ", "
                    + Words.count(reload.config().alerts().size(), "alert"));
        }
    }

    /**
     * Stops probing, lets the probes under way finish (up to 2 s) so that they count, writes the final
     * summary (stdout and the daily file), lets notifications under way finish (up to 2 s), and
     * closes the event loops. Once.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closing = true;
        scheduler.stop();
        try {
            // probes under way belong in the final summary: they end within their timeout (and the FIN's answer)
            scheduler.awaitIdle(MAX_FINAL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pipeline.isAlive()) {
            post(new Stop());
            try {
                pipeline.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (!pipelineDone.isDone()) {
            core.finish();
        }
        notifier.close(2000);
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        resolver.shutdownNow();
    }
}
