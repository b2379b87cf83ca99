package dev.tcpswarm.cli;

import dev.tcpswarm.engine.RunControl;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.metrics.HttpRoutes;
import dev.tcpswarm.metrics.MetricsEndpoint;
import dev.tcpswarm.metrics.ProcessMetrics;
import dev.tcpswarm.monitor.DailyFiles;
import dev.tcpswarm.monitor.Monitor;
import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.ServiceHealth;
import dev.tcpswarm.monitor.ServiceState;
import dev.tcpswarm.monitor.config.ChannelsSection;
import dev.tcpswarm.monitor.config.ChannelConfig;
import dev.tcpswarm.monitor.config.ConfigException;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.ConfigSection;
import dev.tcpswarm.monitor.config.MetricsSection;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.notify.Attempt;
import dev.tcpswarm.notify.ChannelTest;
import dev.tcpswarm.report.Words;
import dev.tcpswarm.store.StoreExtension;
import dev.tcpswarm.web.StatusPageExtension;
import dev.tcpswarm.verdict.ExitCode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tcpswarm monitor}: watch TCP services, judge them UP / DEGRADED / DOWN, alert, log daily,
 * serve metrics. Reads straight through: the config (a YAML file, or addresses for a quick watch),
 * then {@code --check} or {@code --once}, or the monitor until Ctrl-C, SIGTERM or the end of
 * {@code --duration} (then the final summary, exit 0). SIGHUP reloads the file. Later features (the
 * store, the status page) plug in as {@link MonitorExtension}s listed in {@link #EXTENSIONS}.
 */
@Command(name = "monitor", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Watch TCP services: probe them on a schedule, judge each one (and each group) UP, DEGRADED "
                + "or DOWN, alert, write daily tables, serve Prometheus metrics.",
            "",
            "With CONFIG.yaml: the real use (examples/monitor.yaml, docs/monitor.md); SIGHUP reloads it (an invalid "
                    + "one is reported and the running config stays).",
            "With addresses (host:port or [v6]:port; tls://host:port adds a verified TLS handshake; redis://host, "
                    + "smtp+starttls://host:port and the other built-in checks' schemes run that check, on its default "
                    + "port when none is given): a quick watch, each service named after its address."},
        subcommands = MonitorReportCommand.class)
public final class MonitorCommand implements Callable<Integer> {
    /** --once: some service is degraded and none is down. */
    static final int DEGRADED = ExitCode.THRESHOLD_FAILED;

    @Parameters(arity = "0..*", paramLabel = "CONFIG.yaml|ADDR", description = "A config file, or addresses to watch")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Quick watch: time between probes of each address (default: 2s)")
    Long intervalNanos;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Millis.class,
            description = "Quick watch: connect timeout (a bare number is ms; default: 5s)")
    Long timeoutNanos;

    @Option(names = "--once", description = "Probe everything once, print the table, exit 0 if all UP, 2 if any DOWN")
    boolean once;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Stop after this long (e.g. 10m), with the final summary")
    Long durationNanos;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "Write the daily files here (instead of logging.dir)")
    Path logDir;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics (a bare port means loopback)")
    String metrics;

    @Option(names = "--store", paramLabel = "FILE",
            description = "Keep the history in this SQLite file (instead of store.path): state and uptime survive a "
                    + "restart; see 'monitor report'")
    Path store;

    @Option(names = "--check", description = "Only check CONFIG: print a summary and exit 0, or the first problem and 64")
    boolean check;

    @Option(names = "--test-channel", paramLabel = "NAME",
            description = "Send one test notification through channel NAME of CONFIG, print the outcome and exit: 0 sent, "
                    + "69 failed")
    String testChannel;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Event-loop threads for the probes (default: ${DEFAULT-VALUE}; one handles thousands)")
    int threads;

    @Mixin
    DebugOption debug = new DebugOption();

    @Mixin
    HelpOption help = new HelpOption();

    /** The features plugged into the monitor: their config sections, sinks and pages. */
    static final List<MonitorExtension> EXTENSIONS = List.of(new StoreExtension(), new StatusPageExtension());

    private final PrintStream out;
    private final PrintStream err;
    private final List<ConfigSection<?>> sections = new ArrayList<>();

    public MonitorCommand() {
        this(System.in, System.out, System.err);
    }

    public MonitorCommand(InputStream in, PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        // Every probe looks the name up again, so a moved service is followed: no JVM cache.
        Security.setProperty("networkaddress.cache.ttl", "0");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        EXTENSIONS.forEach(e -> sections.addAll(e.sections()));
        if (targets.isEmpty()) {
            throw new UsageException("give a config file (CONFIG.yaml) or addresses to watch (host:port ...); "
                    + "see 'tcpswarm monitor --help'");
        }
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1 (got " + threads + ")");
        }
        if (durationNanos != null && durationNanos <= 0) {
            throw new UsageException("--duration must be longer than 0");
        }
        if (once && durationNanos != null) {
            throw new UsageException("--once and --duration exclude each other: --once probes once and exits");
        }
        Path configFile = configFile();
        MonitorConfig config = load(configFile);
        if (testChannel != null) {
            return testChannel(config, configFile);
        }
        if (check) {
            out.println((configFile != null ? configFile.toString() : "addresses") + ": OK, "
                    + Words.count(config.services().size(), "service") + ", " + Words.count(config.groups().size(), "group")
                    + (config.logs().isEmpty() ? "" : ", " + Words.count(config.logs().size(), "access log"))
                    + ", " + Words.count(config.alerts().size(), "alert") + ", "
                    + Words.count(config.channels().size() - ChannelsSection.builtIn().size(), "channel"));
            return ExitCode.OK;
        }
        checkLogDir(config);
        Transport transport = Transport.detect();
        if (once) {
            return once(config, transport);
        }
        return watch(config, configFile, transport);
    }

    /** {@code --test-channel NAME}: one test notice, its outcome on stdout (or stderr), exit 0 or 69. */
    private int testChannel(MonitorConfig config, Path configFile) throws InterruptedException {
        if (configFile == null) {
            throw new UsageException("--test-channel needs a config file: tcpswarm monitor --test-channel NAME CONFIG.yaml");
        }
        ChannelConfig channel = config.channels().get(testChannel);
        if (channel == null) {
            throw new UsageException("--test-channel: no channel named '" + testChannel + "' in " + configFile
                    + " (channels: " + String.join(", ", config.channels().keySet()) + ")");
        }
        long t0 = System.nanoTime();
        Attempt a = ChannelTest.send(channel, out, err);
        String took = String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
        if (a.delivered()) {
            out.println("test notification via " + channel.name() + " (" + channel.type().key() + "): sent in " + took);
            return ExitCode.OK;
        }
        err.println("tcpswarm monitor: test notification via " + channel.name() + " (" + channel.type().key()
                + ") failed after " + took + ": " + a.error());
        return ExitCode.UNAVAILABLE;
    }

    /** A log directory that cannot be written is refused before anything starts, as a store that cannot be opened. */
    private static void checkLogDir(MonitorConfig config) {
        Path dir = config.logging().dir();
        if (dir == null) {
            return;
        }
        try {
            DailyFiles.checkWritable(dir);
        } catch (IOException e) {
            throw new UsageException(dir + ": cannot write the daily files there: " + e.getMessage()
                    + "; give a writable --log-dir or logging.dir", ExitCode.OUTPUT_FAILED);
        }
    }

    /** The file when the one argument is a config, null for the quick watch. */
    private Path configFile() {
        if (targets.size() == 1) {
            String t = targets.get(0);
            Path p = Path.of(t);
            boolean looksLikeFile = t.endsWith(".yaml") || t.endsWith(".yml") || t.contains("/");
            boolean address = t.startsWith("[") || t.contains("://"); // [v6]:port, tls://host:port, redis://host
            if (Files.isRegularFile(p) || looksLikeFile && !address) {
                if (!Files.isRegularFile(p)) {
                    throw new UsageException(t + ": no such file");
                }
                if (intervalNanos != null || timeoutNanos != null) {
                    throw new UsageException("--interval and --timeout are for the quick watch: with a config file, set "
                            + "defaults.interval and defaults.timeout in it");
                }
                return p;
            }
        }
        return null;
    }

    private MonitorConfig load(Path file) {
        MonitorConfig config;
        if (file != null) {
            try {
                config = new ConfigReader(sections).read(file);
            } catch (ConfigException e) {
                throw new UsageException(e.getMessage());
            }
        } else {
            try {
                config = ConfigReader.quickWatch(targets, intervalNanos,
                        timeoutNanos != null ? TimeUnit.NANOSECONDS.toMillis(timeoutNanos) : null);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return overrides(config);
    }

    /** The options that set an extension's section (its key, the option's value), e.g. --store. */
    private Map<String, String> sectionOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        if (store != null) {
            options.put("store", store.toString());
        }
        return options;
    }

    /** --log-dir, --metrics and the sections' options (--store) over the file's settings. */
    private MonitorConfig overrides(MonitorConfig config) {
        MonitorConfig c = config;
        for (Map.Entry<String, String> option : sectionOptions().entrySet()) {
            c = c.withExtension(option.getKey(), withOption(section(option.getKey()), c, option.getValue()));
        }
        if (logDir != null) {
            c = c.withLogDir(logDir);
        }
        if (metrics != null) {
            try {
                c = c.withMetrics(ListenAddress.parse(metrics));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--metrics: " + e.getMessage());
            }
        }
        return c;
    }

    private ConfigSection<?> section(String key) {
        return sections.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    private static <T> T withOption(ConfigSection<T> section, MonitorConfig config, String value) {
        return section.withOption(config.extension(section), value);
    }

    private int once(MonitorConfig config, Transport transport) throws Exception {
        MonitorConfig single = MonitorConfigs.singleProbe(config);
        Monitor monitor;
        try (MonitorAttachments attached = MonitorAttachments.attach(EXTENSIONS,
                new MonitorExtension.Context(single, MonitorClock.SYSTEM, null, err))) {
            monitor = new Monitor(single, MonitorClock.SYSTEM, transport, threads, out, err, null, attached.sinks());
            monitor.core().resume(attached.resume());
            try {
                monitor.probeOnce();
            } finally {
                monitor.close();
            }
        }
        boolean down = false;
        boolean degraded = false;
        for (ServiceHealth h : monitor.core().services().values()) {
            down |= h.standing().state() == ServiceState.DOWN;
            degraded |= h.standing().state() == ServiceState.DEGRADED;
        }
        return down ? ExitCode.CONNECTIONS_FAILED : degraded ? DEGRADED : ExitCode.OK;
    }

    @SuppressWarnings("try") // the guard is only held: after a signal the process ends once main is done
    private int watch(MonitorConfig config, Path configFile, Transport transport) throws Exception {
        RunControl control = new RunControl();
        PrometheusRegistry registry = config.metricsListen() != null ? new PrometheusRegistry() : null;
        MonitorAttachments attached = MonitorAttachments.attach(EXTENSIONS,
                new MonitorExtension.Context(config, MonitorClock.SYSTEM, registry, err));
        MetricsEndpoint endpoint = null;
        if (registry != null) {
            try {
                ProcessMetrics.register(registry, BuildInfo.version(), BuildInfo.commit());
                endpoint = MetricsEndpoint.start(config.metricsListen(), registry,
                        new HttpRoutes().fallback(attached.pages()), debug.on() ? err::println : null);
            } catch (IOException e) {
                attached.close();
                throw new UsageException("cannot serve metrics on " + ListenAddress.format(config.metricsListen()) + ": "
                        + e.getMessage());
            }
        }
        try (SignalGuard guard = SignalGuard.install(control);
                MonitorAttachments extensions = attached;
                MetricsEndpoint served = endpoint;
                Monitor monitor = new Monitor(config, MonitorClock.SYSTEM, transport, threads, out, err, registry,
                        extensions.sinks())) {
            out.println(banner(config, served, extensions));
            out.flush();
            monitor.core().resume(extensions.resume());
            extensions.sources().forEach(monitor::addSource);
            if (served != null) {
                monitor.linkNotices(extensions.statusPage(served.address()));
            }
            monitor.start();
            HangupSignal.install(() -> reload(monitor, configFile, config));
            long deadline = durationNanos != null ? System.nanoTime() + durationNanos : Long.MAX_VALUE;
            monitor.awaitStop(control.stopRequested(), deadline);
            monitor.close(); // the final summary, before main lets a signalled process end
            return ExitCode.OK;
        }
    }

    private static String banner(MonitorConfig config, MetricsEndpoint endpoint, MonitorAttachments extensions) {
        StringBuilder sb = new StringBuilder("monitoring ").append(Words.count(config.services().size(), "service"));
        if (!config.groups().isEmpty()) {
            sb.append(", ").append(Words.count(config.groups().size(), "group"));
        }
        if (!config.logs().isEmpty()) {
            sb.append(", ").append(Words.count(config.logs().size(), "access log"));
        }
        if (!config.alerts().isEmpty()) {
            sb.append(", ").append(Words.count(config.alerts().size(), "alert"));
        }
        sb.append(" from ").append(config.source());
        if (endpoint != null) {
            sb.append("; metrics on http://").append(ListenAddress.format(endpoint.address())).append("/metrics");
        }
        for (String part : extensions.banner(endpoint != null ? endpoint.address() : null)) {
            sb.append("; ").append(part);
        }
        if (config.logging().dir() != null) {
            sb.append("; daily files in ").append(config.logging().dir());
        }
        return sb.toString();
    }

    private static <T> String describe(ConfigSection<T> section, MonitorConfig config) {
        T value = config.extension(section);
        return value == null ? "none" : section.describe(value);
    }

    /** On SIGHUP: read the file again; a bad one is reported and the running config stays. */
    private void reload(Monitor monitor, Path configFile, MonitorConfig running) {
        if (configFile == null) {
            err.println("tcpswarm monitor: SIGHUP: nothing to reload (a quick watch has no config file)");
            return;
        }
        MonitorConfig next;
        try {
            next = overrides(new ConfigReader(sections).read(configFile));
        } catch (ConfigException | UsageException e) {
            err.println("tcpswarm monitor: reload failed, the running config stays: " + e.getMessage());
            err.flush();
            monitor.reloadFailed(configFile.toString(), e.getMessage());
            return;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        if (!Objects.equals(next.logging().dir(), running.logging().dir())) {
            kept.put("logging.dir", String.valueOf(running.logging().dir()));
        }
        InetSocketAddress listen = running.metricsListen();
        if (!Objects.equals(next.metricsListen(), listen)) {
            kept.put("metrics.listen", MetricsSection.INSTANCE.describe(listen));
        }
        for (ConfigSection<?> section : sections) {
            if (!Objects.equals(next.extension(section), running.extension(section))) {
                kept.put(section.key(), describe(section, running));
            }
        }
        if (!kept.isEmpty()) {
            err.println("tcpswarm monitor: reload: " + String.join(" and ", kept.keySet())
                    + " change at the next start; keeping " + String.join(", ", kept.values()));
        }
        monitor.reload(MonitorConfigs.keepServing(next, running));
    }
}
