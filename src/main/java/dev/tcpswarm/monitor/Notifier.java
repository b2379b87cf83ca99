package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.ChannelConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.notify.ChannelContext;
import dev.tcpswarm.notify.DeliveryResult;
import dev.tcpswarm.notify.Notice;
import dev.tcpswarm.notify.NoticeChannel;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends alert events to their channels, off the probe path: {@code stdout} and {@code log} lines
 * are written at once (they are quick), webhooks (the JDK's HttpClient, a timeout per try, retries
 * with doubling backoff) and commands (argv with placeholders, no shell, a timeout) run on the
 * notifier's own thread and the HttpClient's. Every delivery's outcome, failed ones after their last
 * retry included, goes to {@code outcomes} (the runtime hands it back to the pipeline). Alert events
 * arrive on the pipeline thread; retries and outcomes happen on the notifier's thread.
 */
public final class Notifier implements MonitorListener, AutoCloseable {
    private final PrintStream out;
    private final MonitorClock clock;
    private final Consumer<String> logLine;
    private final Consumer<NotificationOutcome> outcomes;
    private final ScheduledExecutorService executor;
    private final HttpClient http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.ExecutorService blocking;
    private volatile Map<String, ChannelConfig> channels = Map.of();
    /** The provider channels open, by name, with the settings they were opened with. Notifier's and pipeline's threads. */
    private final Map<String, OpenChannel> open = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile MonitorConfig config;

    private record OpenChannel(ChannelConfig config, NoticeChannel channel) {
    }

    /**
     * @param logLine where the {@code log} channel writes a line (the event log, or stderr)
     * @param outcomes receives each delivery's outcome, from the notifier's thread or the caller's
     */
    public Notifier(PrintStream out, MonitorClock clock, Consumer<String> logLine, Consumer<NotificationOutcome> outcomes) {
        this.out = out;
        this.clock = clock;
        this.logLine = logLine;
        this.outcomes = outcomes;
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tcpswarm-alerts");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        this.executor = ex;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.blocking = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tcpswarm-mail");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void started(MonitorConfig config) {
        use(config);
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        use(config);
    }

    /** Opens the provider channels that are new or changed, and closes those that are gone or changed. */
    private synchronized void use(MonitorConfig next) {
        config = next;
        channels = next.channels();
        for (Map.Entry<String, OpenChannel> e : Map.copyOf(open).entrySet()) {
            ChannelConfig now = next.channels().get(e.getKey());
            if (!e.getValue().config().equals(now)) {
                e.getValue().channel().close();
                open.remove(e.getKey());
            }
        }
        for (ChannelConfig c : next.channels().values()) {
            if (c.spec() != null && !open.containsKey(c.name())) {
                open.put(c.name(), new OpenChannel(c, c.spec().open(context(c))));
            }
        }
    }

    /** What a channel shares with the others: the HTTP client, the notifier's thread, the mail threads. */
    public ChannelContext context(ChannelConfig c) {
        return new ChannelContext(http, executor, blocking, c.timeoutMillis());
    }

    /** The notice a channel receives for {@code event}. */
    public static Notice notice(AlertEvent event, MonitorConfig config) {
        Notice.Kind kind = switch (event.event()) {
            case RESOLVED -> Notice.Kind.RESOLVED;
            case REMINDER -> Notice.Kind.REMINDER;
            default -> Notice.Kind.FIRING;
        };
        return new Notice(kind, event.alert(), event.target(), config != null && config.group(event.target()).isPresent(),
                event.targetState().key(), event.message(), event.labels(), event.firingSinceEpochMillis(),
                event.epochMillis(), "", statusLink(config));
    }

    /** The status page's address, when one is served (a metrics listener and a store); empty otherwise. */
    public static String statusLink(MonitorConfig config) {
        if (config == null || config.metricsListen() == null || !config.extensions().containsKey("store")) {
            return "";
        }
        return "http://" + dev.tcpswarm.metrics.ListenAddress.format(config.metricsListen()) + "/";
    }

    @Override
    public void alert(AlertEvent event) {
        if (event.event() == AlertState.Event.SUPPRESSED) {
            return; // held back: nothing is sent
        }
        for (String name : event.channels()) {
            ChannelConfig channel = channels.get(name);
            if (channel == null) {
                continue; // removed by a reload
            }
            switch (channel.type()) {
                case STDOUT -> {
                    out.println(MonitorCore.timestamp(event.epochMillis(), clock.zone()) + " ALERT " + event.line());
                    out.flush();
                    outcomes.accept(outcome(event, channel, true, 1, ""));
                }
                case LOG -> {
                    logLine.accept("ALERT " + event.line());
                    outcomes.accept(outcome(event, channel, true, 1, ""));
                }
                case COMMAND -> submit(() -> attempt(event, channel, 1), 0);
                default -> {
                    Notice notice = notice(event, config);
                    submit(() -> attempt(event, notice, channel, 1), 0);
                }
            }
        }
    }

    private NotificationOutcome outcome(AlertEvent event, ChannelConfig channel, boolean delivered, int attempts,
            String error) {
        return new NotificationOutcome(event, channel.name(), channel.type(), delivered, attempts, error, clock.epochMillis());
    }

    private void submit(Runnable task, long delayNanos) {
        inFlight.incrementAndGet();
        try {
            executor.schedule(() -> {
                try {
                    task.run();
                } finally {
                    inFlight.decrementAndGet();
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            inFlight.decrementAndGet();
        }
    }

    /** One try; on failure, the next after the backoff, or the failed outcome. On the notifier's thread. */
    private void attempt(AlertEvent event, ChannelConfig channel, int n) {
        inFlight.incrementAndGet(); // until this try's answer is in
        CompletableFuture<String> result = run(event, channel);
        result.whenComplete((error, thrown) -> submit(() -> {
            inFlight.decrementAndGet();
            String why = thrown != null ? describe(thrown) : error;
            if (why.isEmpty()) {
                outcomes.accept(outcome(event, channel, true, n, ""));
            } else if (n <= channel.retries()) {
                long backoff = channel.backoffNanos() << Math.min(20, n - 1);
                submit(() -> attempt(event, channel, n + 1), backoff);
            } else {
                outcomes.accept(outcome(event, channel, false, n, why));
            }
        }, 0));
    }

    /** One try on a provider channel; on failure, the next after the backoff (or the receiver's Retry-After). */
    private void attempt(AlertEvent event, Notice notice, ChannelConfig channel, int n) {
        OpenChannel target = open.get(channel.name());
        if (target == null || !target.config().equals(channel)) {
            return; // removed or changed by a reload
        }
        inFlight.incrementAndGet(); // until this try's answer is in
        target.channel().deliver(notice).whenComplete((result, thrown) -> submit(() -> {
            inFlight.decrementAndGet();
            DeliveryResult r = thrown != null ? DeliveryResult.failed(describe(thrown)) : result;
            if (r.ok()) {
                outcomes.accept(outcome(event, channel, true, n, ""));
            } else if (n <= channel.retries() && !r.permanent()) {
                long backoff = Math.max(channel.backoffNanos() << Math.min(20, n - 1),
                        TimeUnit.MILLISECONDS.toNanos(Math.min(r.retryAfterMillis(), 3_600_000)));
                submit(() -> attempt(event, notice, channel, n + 1), backoff);
            } else {
                outcomes.accept(outcome(event, channel, false, n, r.error()));
            }
        }, 0));
    }

    private static String describe(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof TimeoutException || c instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** Empty when the command exited 0, else why not. */
    private CompletableFuture<String> run(AlertEvent event, ChannelConfig channel) {
        List<String> argv = new ArrayList<>();
        for (String a : channel.argv()) {
            argv.add(fill(a, event));
        }
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
        } catch (java.io.IOException e) {
            return CompletableFuture.completedFuture("cannot run " + argv.get(0) + ": " + e.getMessage());
        }
        return process.onExit().orTimeout(channel.timeoutMillis(), TimeUnit.MILLISECONDS).handle((p, thrown) -> {
            if (thrown != null) {
                process.destroyForcibly();
                return "timed out after " + Figures.duration(TimeUnit.MILLISECONDS.toNanos(channel.timeoutMillis()));
            }
            return p.exitValue() == 0 ? "" : "exit " + p.exitValue();
        });
    }

    /** The argument with {@code {alert}}, {@code {service}}, {@code {state}}, ... filled in. */
    static String fill(String arg, AlertEvent e) {
        return arg.replace("{alert}", e.alert()).replace("{service}", e.target())
                .replace("{state}", e.targetState().name()).replace("{reason}", e.message())
                .replace("{event}", e.event().name().toLowerCase(java.util.Locale.ROOT))
                .replace("{time}", Instant.ofEpochMilli(e.epochMillis()).toString());
    }

    /** Deliveries (and retries) not finished yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits up to {@code millis} for deliveries under way, then stops the notifier's thread. */
    public void close(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.values().forEach(o -> o.channel().close());
        executor.shutdownNow();
        blocking.shutdownNow();
    }

    @Override
    public void close() {
        close(2000);
    }
}
