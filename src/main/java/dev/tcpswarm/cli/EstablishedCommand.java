package dev.tcpswarm.cli;

import dev.tcpswarm.engine.RunControl;
import dev.tcpswarm.established.EstablishedMetrics;
import dev.tcpswarm.established.LongtermConnections;
import dev.tcpswarm.established.EstablishedScanner;
import dev.tcpswarm.established.EstablishedSnapshot;
import dev.tcpswarm.established.MalformedProcNetException;
import dev.tcpswarm.established.NamespaceGoneException;
import dev.tcpswarm.established.ProcNetSource;
import dev.tcpswarm.established.ScanSettings;
import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.metrics.HttpRoutes;
import dev.tcpswarm.metrics.MetricsEndpoint;
import dev.tcpswarm.metrics.ProcessMetrics;
import dev.tcpswarm.report.EstablishedReport;
import dev.tcpswarm.verdict.ExitCode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tcpswarm established}: counts the inbound TCP connections established to this host's (or
 * another network namespace's) listening ports, and how many have lasted at least
 * {@code --min-age}, for Prometheus on {@code /metrics}, or once as a table or JSON. Reads as it
 * runs: settings (command line, environment, config file) -> where to read -> scan loop ->
 * metrics or report -> exit code. The scan loop runs on the command's thread; the HTTP server's
 * threads only read the published snapshot.
 */
@Command(name = "established", sortOptions = false, usageHelpAutoWidth = true,
        defaultValueProvider = EstablishedDefaults.class,
        description = {
            "Count the inbound TCP connections established to listening ports (per port and IP family), and those "
                    + "at least --min-age old, from /proc/net/tcp and tcp6; export them for Prometheus on --listen "
                    + "(/metrics), or print them once with --once.",
            "",
            "Inbound: ESTABLISHED, and the local port is LISTENing; so the connections this host opens to others "
                    + "are never counted. IPv4 clients of a dual-stack listener count as ipv4. The exporter's own "
                    + "port is never counted. Nothing records when a connection started: its age is the time since "
                    + "tcpswarm first saw it, so connections already open at start count as long-lived only once "
                    + "tracking has run for --min-age (tcpswarm_established_tracking_seconds).",
            "",
            "Settings come from the command line, else the environment (TCPSWARM_ESTABLISHED_<OPTION>, e.g. "
                    + "TCPSWARM_ESTABLISHED_MIN_AGE=10s, TCPSWARM_ESTABLISHED_PORT=80,443), else the config file "
                    + "(--config FILE or TCPSWARM_ESTABLISHED_CONFIG; lines 'key value', e.g. 'min-age 10s'), "
                    + "else the defaults shown.",
        })
public final class EstablishedCommand implements Callable<Integer> {
    /** Where the exporter listens unless told otherwise: loopback, the tcp_established_exporter's port. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:9690";
    /** The shortest --interval accepted. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest --interval accepted. */
    static final long MAX_INTERVAL_NANOS = TimeUnit.DAYS.toNanos(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", split = ",", converter = PortConverter.class,
            description = "Count only this local port; repeatable, or a comma list (default: every listening port)")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--min-age", paramLabel = "DURATION", converter = Durations.Seconds.class, defaultValue = "6s",
            description = "Age from which a connection is long-lived, e.g. 30s, 5m; a bare number is seconds "
                    + "(default: ${DEFAULT-VALUE})")
    long minAgeNanos;

    @Option(names = "--simple", description = "Export one unlabelled long-lived gauge (all ports and families "
            + "together) instead of series per port and family")
    boolean simple;

    @Option(names = "--no-ipv6", description = "Count IPv4 connections only (IPv4 clients of a dual-stack "
            + "listener still count, as ipv4)")
    boolean noIpv6;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenConverter.class,
            defaultValue = DEFAULT_LISTEN, description = "Where to serve /metrics: HOST:PORT, [IPV6]:PORT, or a "
                    + "bare PORT on loopback; port 0 picks a free one (default: ${DEFAULT-VALUE})")
    InetSocketAddress listen;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", converter = Durations.Seconds.class,
            defaultValue = "1s", description = "Time between scans, from 10ms; a bare number is seconds "
                    + "(default: ${DEFAULT-VALUE})")
    long intervalNanos;

    @Option(names = "--netns-pid", paramLabel = "PID", converter = PidConverter.class,
            description = "Read the network namespace of process PID (/proc/PID/net/tcp), e.g. a container's, "
                    + "instead of this one's")
    Integer netnsPid;

    @Option(names = "--once", description = "Scan every --interval until connections have been tracked for "
            + "--min-age (at once with --min-age 0), print a table (port, family, established, long-lived, "
            + "oldest age) and exit")
    boolean once;

    @Option(names = "--json", description = "With --once (implied): print the result as JSON (schema "
            + EstablishedReport.SCHEMA + ") instead of the table")
    boolean json;

    @Option(names = "--compat", paramLabel = "MODE", description = "Read tcp_established_exporter's flags, "
            + "environment variables and config file with its meanings, and serve its metric too: --compat "
            + EstablishedCompat.MODE + " (or " + EstablishedCompat.ENV_MODE + "); see docs/established.md")
    String compat;

    @Option(names = "--config", paramLabel = "FILE", description = "Read settings not given on the command line "
            + "or in the environment from FILE: 'key value' lines, keys as the options without dashes "
            + "(port, min-age, simple, no-ipv6, listen, interval, netns-pid)")
    Path config;

    @Mixin
    DebugOption debug = new DebugOption();

    @Mixin
    HelpOption help = new HelpOption();

    private final PrintStream out;
    private final PrintStream err;

    public EstablishedCommand() {
        this(System.in, System.out, System.err);
    }

    public EstablishedCommand(InputStream in, PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (spec.defaultValueProvider() instanceof EstablishedDefaults defaults) {
            defaults.checkSources(spec);
        }
        if (intervalNanos < MIN_INTERVAL_NANOS || intervalNanos > MAX_INTERVAL_NANOS) {
            throw new UsageException("--interval must be between 10ms and 1 day, not "
                    + Durations.format(intervalNanos));
        }
        ProcNetSource source;
        try {
            source = netnsPid == null ? ProcNetSource.ownNamespace() : ProcNetSource.ofProcess(netnsPid);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (once || json) {
            return once(source);
        }
        return export(source);
    }

    /** Scans until --min-age of tracking (or Ctrl-C), then prints the table or the JSON. */
    @SuppressWarnings("try") // the guard is only held, for Ctrl-C and SIGTERM
    private int once(ProcNetSource source) throws Exception {
        EstablishedScanner scanner = new EstablishedScanner(source, settings(-1), System::nanoTime);
        RunControl control = new RunControl();
        try (SignalGuard guard = SignalGuard.install(control)) {
            EstablishedSnapshot snapshot = scan(scanner);
            long complete = scanner.trackingStartNanos() + minAgeNanos;
            long nextScan = scanner.trackingStartNanos() + intervalNanos;
            while (!snapshot.longLivedComplete() && control.stop() == null) {
                awaitStop(control, Math.min(nextScan, complete) - System.nanoTime());
                snapshot = scan(scanner);
                nextScan += intervalNanos;
            }
            if (json) {
                EstablishedReport.writeJson(out, snapshot, source.description(), TcpSwarm.Version.current());
            } else {
                EstablishedReport.printTable(out, snapshot, source.description());
            }
            return snapshot.longLivedComplete() ? ExitCode.OK : ExitCode.INCOMPLETE;
        }
    }

    /** Serves /metrics and scans every --interval until Ctrl-C or SIGTERM. */
    @SuppressWarnings("try") // the guard is only held, for Ctrl-C and SIGTERM
    private int export(ProcNetSource source) throws Exception {
        if (source.sharesOwnNamespace() && ports.contains(listen.getPort())) {
            throw new UsageException("--port " + listen.getPort() + " is this exporter's own port (--listen): "
                    + "its scrapes are never counted; choose another --listen port");
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        EstablishedMetrics metrics = new EstablishedMetrics(simple, minAgeNanos);
        registry.register(metrics);
        LongtermConnections longterm = compat != null ? new LongtermConnections() : null;
        if (longterm != null) {
            registry.register(longterm);
        }
        MetricsEndpoint endpoint;
        try {
            ProcessMetrics.register(registry, BuildInfo.version(), BuildInfo.commit());
            HttpRoutes routes = new HttpRoutes().get("/", "this page", exchange -> EstablishedIndex.send(exchange, this));
            endpoint = MetricsEndpoint.start(listen, registry, routes, debug.on() ? err::println : null);
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + ListenAddress.format(listen) + ": " + e.getMessage()
                    + " (choose another --listen)");
        }
        RunControl control = new RunControl();
        try (SignalGuard guard = SignalGuard.install(control); endpoint) {
            EstablishedScanner scanner = new EstablishedScanner(source,
                    settings(source.sharesOwnNamespace() ? endpoint.port() : -1), System::nanoTime);
            String where = ListenAddress.format(endpoint.address());
            out.println("listening on " + where + ": metrics at http://" + where + "/metrics; counting inbound "
                    + "connections in " + source.description());
            out.flush();
            long scans = 0;
            String lastError = null;
            long nextScan = System.nanoTime();
            while (control.stop() == null) {
                try {
                    EstablishedSnapshot snapshot = scan(scanner);
                    metrics.published(snapshot);
                    if (longterm != null) {
                        longterm.published(snapshot);
                    }
                    lastError = null;
                } catch (UsageException e) {
                    if (e.exitCode() == ExitCode.INCOMPLETE) {
                        throw e; // the namespace is gone: nothing left to count
                    }
                    metrics.scanFailed(); // a passing problem: say so once, count it, and go on
                    if (!e.getMessage().equals(lastError)) {
                        err.println("tcpswarm: " + e.getMessage());
                        lastError = e.getMessage();
                    }
                }
                scans++;
                long now = System.nanoTime();
                nextScan = Math.max(nextScan + intervalNanos, now); // a slow scan skips the missed ticks
                awaitStop(control, wakeAt(scanner, nextScan) - now);
            }
            out.println("stopped after " + scans + " scans");
            return ExitCode.OK;
        }
    }

    private ScanSettings settings(int excludedPort) {
        return new ScanSettings(new LinkedHashSet<>(ports), !noIpv6, excludedPort, minAgeNanos);
    }

    /**
     * One scan, and with --debug a line about it. A namespace that is gone is exit 1; a table that
     * cannot be read, exit 70 (the exporter goes on); each as one line.
     */
    private EstablishedSnapshot scan(EstablishedScanner scanner) {
        EstablishedSnapshot snapshot;
        try {
            snapshot = scanner.scan();
        } catch (NamespaceGoneException e) {
            throw new UsageException(e.getMessage(), ExitCode.INCOMPLETE);
        } catch (IOException | MalformedProcNetException e) {
            throw new UsageException("cannot read the tcp tables of " + scanner.source().description() + ": "
                    + e.getMessage(), ExitCode.SOFTWARE);
        }
        if (debug.on()) {
            err.println(String.format(Locale.ROOT, "scan: %d socket lines, %d inbound connections tracked, %d rows, "
                    + "%.2f ms", scanner.lastSocketLines(), snapshot.trackedConnections(), snapshot.rows().size(),
                    snapshot.scanDurationNanos() / 1e6));
        }
        return snapshot;
    }

    /** Waits up to {@code nanos} for Ctrl-C or SIGTERM. */
    /**
     * The next scan: at the next interval, or earlier when a connection comes of age before it, so
     * that a connection exactly --min-age old is counted long-lived at once, not up to an interval
     * late. When the interval's scan is due first, it has the scan.
     */
    static long wakeAt(EstablishedScanner scanner, long nextScan) {
        java.util.OptionalLong ofAge = scanner.nextComingOfAgeNanos();
        return ofAge.isPresent() && ofAge.getAsLong() - nextScan < 0 ? ofAge.getAsLong() : nextScan;
    }

    private static void awaitStop(RunControl control, long nanos) throws InterruptedException, ExecutionException {
        if (nanos <= 0) {
            return;
        }
        try {
            control.stopRequested().get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // time for the next scan
        }
    }

    /** A whole number in a range, or a one-line error saying what was expected. */
    abstract static class WholeNumberConverter implements ITypeConverter<Integer> {
        private final int min;
        private final int max;
        private final String what;

        WholeNumberConverter(int min, int max, String what) {
            this.min = min;
            this.max = max;
            this.what = what;
        }

        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
    }

    /** A local port: 1-65535. */
    static final class PortConverter extends WholeNumberConverter {
        PortConverter() {
            super(1, 65535, "a port (1-65535)");
        }
    }

    /** A process id: 1 or more. */
    static final class PidConverter extends WholeNumberConverter {
        PidConverter() {
            super(1, Integer.MAX_VALUE, "a process id (1 or more)");
        }
    }

    /** {@code HOST:PORT}, {@code [IPV6]:PORT} or a bare port (loopback). */
    static final class ListenConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return ListenAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
