package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.EventLoops;
import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import dev.tcpswarm.notify.ChannelContext;
import dev.tcpswarm.notify.Deliveries;
import dev.tcpswarm.report.Words;
import dev.tcpswarm.traffic.AccessLogSource;
import dev.tcpswarm.traffic.TrafficMetrics;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;

/**
 * A running monitor: its {@link Source}s (the TCP probes on the engine's event loops, the access
 * logs of the {@code logs} section on a reading thread, and any an extension adds), one pipeline thread that takes every result, notification outcome and reload in
 * turn through the {@link MonitorCore} to the sinks, the deliveries' own thread for notifications,
 * and the console's writer. Threads: besides the event loops, one pipeline thread, one or two for
 * name lookups, one for deliveries and one for their backoff, one for stdout, one reading the access logs (when
 * there are any); the command's thread
 * calls {@link #start}, {@link #awaitStop} and {@link #close}; {@link #reload} may come from any
 * thread (the SIGHUP handler).
 */
public final class Monitor implements AutoCloseable {
    private static final int RESOLVER_THREADS = 2;
    /** Longest wait at the end for probes under way. */
    private static final long MAX_FINAL_WAIT_MILLIS = 2000;
    /** Longest wait at the end for notifications under way. */
    private static final long MAX_NOTIFY_WAIT_MILLIS = 2000;
    /** Longest wait at the end for stdout to take the last lines. */
    private static final long MAX_CONSOLE_WAIT_MILLIS = 5000;
    /** How often the pipeline takes what was queued. */
    private static final long PIPELINE_TICK_MILLIS = 10;
    private static final long PIPELINE_TICK_NANOS = PIPELINE_TICK_MILLIS * 1_000_000L;

    private final MonitorClock clock;
    private final PrintStream err;
    private final EventLoopGroup group;
    private final ExecutorService resolver;
    private final TcpProbeSource probes;
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final ConsoleWriter console;
    private final Notifier notifier;
    private final Listeners listeners;
    private final MonitorCore core;
    private final PeriodStats stats;
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
    private record ReloadFailed(String source, String reason) {
    }

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
        this.stats = new PeriodStats(clock.zone());
        this.group = transport.newEventLoopGroup(threads, "tcpswarm-probe");
        this.resolver = Executors.newFixedThreadPool(RESOLVER_THREADS, r -> {
            Thread t = new Thread(r, "tcpswarm-resolver");
            t.setDaemon(true);
            return t;
        });
        this.probes = new TcpProbeSource(group, new ProbeDialer(transport, resolver), clock);
        // the logs first: their files are opened at their end before the probes' warm-up takes its seconds
        sources.add(new AccessLogSource(clock, registry == null ? null : new TrafficMetrics(registry), err));
        sources.add(probes);
        this.console = new ConsoleWriter(out);
        this.listeners = new Listeners(err);
        listeners.add(stats).add(new ConsoleOutput(console, err, stats, clock));
        EventLog eventLog = null;
        if (config.logging().dir() != null) {
            Counter lostLines = registry == null ? null : WriteFaults.lostLinesCounter(registry);
            eventLog = new EventLog(config.logging(), clock, new WriteFaults("events", "line", err, lostLines));
            listeners.add(eventLog).add(new DailyLog(config.logging(), stats, clock,
                    new WriteFaults("tcp_stats", "row", err, lostLines)));
        }
        if (registry != null) {
            console.register(registry);
            listeners.add(new MonitorMetrics(registry, clock));
            listeners.add(new TlsMetrics(registry));
        }
        EventLog events = eventLog;
        Consumer<String> logLine = line -> {
            if (events != null) {
                events.write(clock.epochMillis(), line);
            } else {
                err.println(Timestamps.local(clock.epochMillis(), clock.zone()) + " " + line);
            }
        };
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.notifier = new Notifier(clock, new ChannelContext(console::println, logLine, http),
                new Deliveries(Deliveries.systemTimer()), queue::add);
        listeners.add(notifier);
        extra.forEach(listeners::add);
        this.core = new MonitorCore(config, clock, listeners);
        this.pipeline = new Thread(this::runPipeline, "tcpswarm-pipeline");
        pipeline.setDaemon(true);
    }

    /** Makes every notice link to the status page at {@code url} (before {@link #start}); none by default. */
    public void linkNotices(String url) {
        notifier.link(url);
    }

    /** Adds a source of results (before {@link #start}); it is started, reloaded and stopped with the probes. */
    public void addSource(Source source) {
        sources.add(source);
    }

    /** The figures of the summaries, for the command's last words. */
    public PeriodStats stats() {
        return stats;
    }

    /** The pipeline's logic; read it only once the monitor is closed (or from the pipeline). */
    public MonitorCore core() {
        return core;
    }

    /** Starts the pipeline and the sources. */
    public void start() {
        core.start();
        pipeline.start();
        for (Source s : sources) {
            s.start(core.config(), queue::add);
        }
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
        probes.probeOnce(services, queue::add);
        onceLatch.await();
    }

    /** Puts {@code next} in force (on the pipeline thread, soon); the probes follow. Any thread. */
    public void reload(MonitorConfig next) {
        post(new Reload(next));
    }

    /**
     * A reload was refused ({@code reason}: one line naming the file, the line and the key): the sinks
     * hear it (the events file, the metrics) on the pipeline thread; the running config stays. Any thread.
     */
    public void reloadFailed(String source, String reason) {
        post(new ReloadFailed(source, reason));
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
                long settled = settledEpochMillis(); // before the queue: what it promises is in it now
                for (Object item; (item = queue.poll()) != null; ) {
                    if (item instanceof Stop) {
                        core.finish();
                        return;
                    }
                    handle(item);
                }
                if (!closing && onceLatch == null) {
                    core.tick(settled);
                }
            }
        } catch (RuntimeException e) {
            err.println("tcpswarm monitor: internal error in the pipeline: " + e);
        } finally {
            pipelineDone.complete(null);
        }
    }

    /** Every source's {@link Source#settledEpochMillis}: the earliest. */
    private long settledEpochMillis() {
        long settled = Long.MAX_VALUE;
        for (Source s : sources) {
            settled = Math.min(settled, s.settledEpochMillis());
        }
        return settled;
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
        } else if (item instanceof TrafficWindow w) {
            core.onTraffic(w);
        } else if (item instanceof TrafficInterval i) {
            core.onTrafficInterval(i);
        } else if (item instanceof NotificationOutcome o) {
            core.onNotification(o);
        } else if (item instanceof ReloadFailed failed) {
            listeners.reloadFailed(failed.source(), failed.reason());
        } else if (item instanceof Reload reload) {
            ConfigChanges changes = core.reload(reload.config());
            for (Source s : sources) {
                s.reload(reload.config());
            }
            err.println("tcpswarm monitor: reloaded " + reload.config().source() + ": "
                    + Words.count(reload.config().services().size(), "service") + " (" + changes.addedServices().size()
                    + " added, " + changes.removedServices().size() + " removed, " + changes.changedServices().size()
                    + " changed), " + Words.count(reload.config().groups().size(), "group") + ", "
                    + Words.count(reload.config().alerts().size(), "alert"));
        }
    }

    /**
     * Stops the sources, lets the probes under way finish (up to 2 s) so that they count, lets
     * notifications under way finish (up to 2 s; the commands still running are ended, and every
     * outcome reaches the sinks), writes the final summary (stdout and the daily file), lets stdout
     * take the last lines (up to 5 s), and closes the event loops. Once.
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
        sources.forEach(Source::stop);
        try {
            // results under way belong in the final summary: probes end within their timeout (and the FIN's answer)
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_FINAL_WAIT_MILLIS);
            for (Source s : sources) {
                s.awaitIdle(Math.max(0, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifier.close(MAX_NOTIFY_WAIT_MILLIS); // before the stop, so that the pipeline hears every outcome
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
        console.close(MAX_CONSOLE_WAIT_MILLIS);
        EventLoops.shutDown(group);
        resolver.shutdownNow();
    }
}
