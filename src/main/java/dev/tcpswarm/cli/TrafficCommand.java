package dev.tcpswarm.cli;

import dev.tcpswarm.engine.RunControl;
import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.metrics.MetricsEndpoint;
import dev.tcpswarm.traffic.FileFollower;
import dev.tcpswarm.traffic.JsonLogParser;
import dev.tcpswarm.traffic.LineParser;
import dev.tcpswarm.traffic.LineSource;
import dev.tcpswarm.traffic.LogFormat;
import dev.tcpswarm.traffic.StreamSource;
import dev.tcpswarm.traffic.TrafficMetrics;
import dev.tcpswarm.traffic.TrafficRule;
import dev.tcpswarm.traffic.TrafficRun;
import dev.tcpswarm.traffic.TrafficSettings;
import dev.tcpswarm.verdict.ExitCode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tcpswarm traffic}: HttpMonitor's job. Follows HTTP access logs (CSV, Common, Combined, JSON
 * lines), prints a summary of each interval of the lines' own time, and alerts when the request
 * rate over the window crosses the threshold, with HttpMonitor's options and messages. Reads as it
 * runs: options -> sources -> metrics -> the loop ({@link TrafficRun}) on the command's thread ->
 * the total. Ctrl-C, SIGTERM and --duration end it with the last summary and the total, exit 0.
 */
@Command(name = "traffic", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Follow HTTP access logs as tail -F does (rotation by rename or copytruncate), print a summary every "
                    + "--interval of the lines' own time (hits, rate, top sections, status classes, 5xx, bytes, "
                    + "remote hosts, malformed and late lines), and alert when the average request rate over "
                    + "--window goes above --threshold: 'High traffic generated an alert - hits = {value}, "
                    + "triggered at {time}', then 'Traffic back to normal - hits = {value}, recovered at {time}'.",
            "",
            "FILE is a path, or - for stdin; several files are several sources, named in every row and alert. "
                    + "Time is the lines' timestamps: a second is final once a line --lateness newer has come, or, "
                    + "following a live log, once that long has passed since the newest line; a line for a final "
                    + "second is counted as late. See docs/traffic.md.",
        })
public final class TrafficCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Access logs to read; - for stdin")
    List<String> files;

    @Option(names = {"-t", "--threshold"}, paramLabel = "R", defaultValue = "10",
            description = "Requests per second, averaged over --window, above which traffic is high "
                    + "(default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = {"-i", "--interval", "--log_interval"}, paramLabel = "DURATION", converter = Durations.Seconds.class,
            defaultValue = "10", description = "Seconds of event time per summary, whole seconds; a bare number is "
                    + "seconds (default: ${DEFAULT-VALUE})")
    long intervalNanos;

    @Option(names = {"-w", "--window", "--log_window"}, paramLabel = "DURATION", converter = Durations.Seconds.class,
            defaultValue = "120", description = "Seconds the alerts average over (default: ${DEFAULT-VALUE})")
    long windowNanos;

    @Option(names = "--lateness", paramLabel = "DURATION", converter = Durations.Seconds.class, defaultValue = "10",
            description = "How much older than the newest line a line may be and still count in its own second; "
                    + "older ones count as late (default: ${DEFAULT-VALUE})")
    long latenessNanos;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto, csv (HttpMonitor's), common, combined or json (JSON lines) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--json-field", paramLabel = "ROLE=KEY", split = ",",
            description = "For json: the key holding a role (host, time, request, method, path, status, bytes), "
                    + "e.g. time=ts; repeatable")
    Map<String, String> jsonFields = new LinkedHashMap<>();

    @Option(names = "--no-follow", description = "Read each file to its end, print the summaries and the total, "
            + "and exit")
    boolean noFollow;

    @Option(names = "--from-start", description = "Read existing files from their start (default: from their end)")
    boolean fromStart;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Stop after this long (wall time), with the last summary and the total")
    Long durationNanos;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = EstablishedCommand.ListenConverter.class,
            description = "Serve Prometheus metrics on /metrics here (a bare port is on loopback; 0 picks one)")
    InetSocketAddress metrics;

    @Option(names = "--alert-5xx-ratio", paramLabel = "RATIO",
            description = "Also alert when more than RATIO (0-1) of the window's hits are 5xx, once it has "
                    + "--min-hits")
    Double serverErrorRatio;

    @Option(names = "--min-hits", paramLabel = "N", defaultValue = "" + TrafficRule.DEFAULT_MIN_HITS,
            description = "Fewest hits in the window for the 5xx ratio to be judged (default: ${DEFAULT-VALUE})")
    long minHits;

    @Option(names = "--alert-below", paramLabel = "R", description = "Also alert when the average rate over a "
            + "full window is below R requests per second (traffic stopped)")
    Double floor;

    @Option(names = "--alert-section", paramLabel = "SECTION=R", description = "Also alert when a section's "
            + "average rate is above R, e.g. /api=5; repeatable")
    Map<String, Double> sectionAlerts = new LinkedHashMap<>();

    @Mixin
    DebugOption debug = new DebugOption();

    @Mixin
    HelpOption help = new HelpOption();

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public TrafficCommand() {
        this(System.in, System.out, System.err);
    }

    public TrafficCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    @SuppressWarnings("try") // the guard is only held, for Ctrl-C and SIGTERM
    public Integer call() throws Exception {
        TrafficSettings settings = settings();
        LogFormat logFormat = logFormat();
        Map<String, String> fields = jsonFields();
        PrometheusRegistry registry = new PrometheusRegistry();
        TrafficMetrics trafficMetrics = new TrafficMetrics(registry);
        TrafficRun run = new TrafficRun(settings, out, err, System::nanoTime, trafficMetrics);
        List<LineSource> opened = new ArrayList<>();
        MetricsEndpoint endpoint = null;
        RunControl control = new RunControl();
        try (SignalGuard guard = SignalGuard.install(control)) {
            for (String file : files) {
                LineParser parser = logFormat.newParser(fields);
                if (file.equals("-")) {
                    LineSource s = new StreamSource("stdin", in);
                    opened.add(s);
                    run.add(s, parser, null);
                    continue;
                }
                FileFollower f = open(file, sourceName(file), settings.follow());
                opened.add(f);
                run.add(f, parser, settings.follow() && !fromStart ? f.firstLine() : null);
                trafficMetrics.declare(f.name());
            }
            if (metrics != null) {
                try {
                    endpoint = MetricsEndpoint.start(metrics, registry, null);
                } catch (IOException e) {
                    throw new UsageException("cannot listen on " + ListenAddress.format(metrics) + ": "
                            + e.getMessage() + " (choose another --metrics)");
                }
            }
            dev.tcpswarm.report.TextReport.wrap(banner(settings, logFormat, endpoint)).forEach(out::println);
            out.flush();
            long deadline = durationNanos == null ? 0 : System.nanoTime() + Math.max(1, durationNanos);
            run.run(control.stopRequested(), deadline);
            return ExitCode.OK;
        } finally {
            opened.forEach(LineSource::close);
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    /** A source's name: its file's name, or the path as given when two files share a name. */
    private String sourceName(String file) {
        Path name = Path.of(file).getFileName();
        long same = files.stream().filter(f -> !f.equals("-") && name != null && name.equals(Path.of(f).getFileName()))
                .count();
        return name == null || same > 1 ? file : name.toString();
    }

    private FileFollower open(String file, String name, boolean follow) {
        try {
            return FileFollower.open(Path.of(file), name, fromStart, follow, System::nanoTime);
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file (without --no-follow, a file that does not exist yet "
                    + "is waited for)");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private TrafficSettings settings() {
        int interval = wholeSeconds("--interval", intervalNanos, 1, 86400);
        int window = wholeSeconds("--window", windowNanos, 1, 86400);
        int lateness = wholeSeconds("--lateness", latenessNanos, 0, 3600);
        if (!(threshold >= 0)) {
            throw new UsageException("--threshold must be 0 or more requests per second, not " + threshold);
        }
        List<TrafficRule> rules = new ArrayList<>();
        rules.add(TrafficRule.highTraffic(threshold));
        if (serverErrorRatio != null) {
            if (!(serverErrorRatio >= 0 && serverErrorRatio < 1)) {
                throw new UsageException("--alert-5xx-ratio must be a ratio from 0 to below 1, e.g. 0.05, not "
                        + serverErrorRatio);
            }
            rules.add(TrafficRule.serverErrors(serverErrorRatio, minHits));
        }
        if (floor != null) {
            if (!(floor > 0)) {
                throw new UsageException("--alert-below must be above 0 requests per second, not " + floor);
            }
            rules.add(TrafficRule.lowTraffic(floor));
        }
        sectionAlerts.forEach((section, rate) -> {
            if (!section.startsWith("/") || !(rate >= 0)) {
                throw new UsageException("--alert-section takes SECTION=R with a section such as /api and a rate, not "
                        + section + "=" + rate);
            }
            rules.add(TrafficRule.sectionTraffic(section, rate));
        });
        if (new HashSet<>(files).size() != files.size()) {
            throw new UsageException("a FILE is named twice: give each log once");
        }
        return new TrafficSettings(interval, window, lateness, rules, !noFollow);
    }

    private static int wholeSeconds(String option, long nanos, int min, int max) {
        if (nanos % 1_000_000_000L != 0 || nanos / 1_000_000_000L < min || nanos / 1_000_000_000L > max) {
            throw new UsageException(option + " must be whole seconds from " + min + " to " + max + ", not "
                    + Durations.format(nanos));
        }
        return (int) (nanos / 1_000_000_000L);
    }

    private LogFormat logFormat() {
        try {
            return LogFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format must be auto, csv, common, combined or json, not '" + format + "'");
        }
    }

    private Map<String, String> jsonFields() {
        Map<String, String> checked = new LinkedHashMap<>();
        jsonFields.forEach((role, key) -> {
            try {
                checked.put(JsonLogParser.role(role), key);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--json-field: " + e.getMessage());
            }
        });
        return checked;
    }

    private String banner(TrafficSettings s, LogFormat logFormat, MetricsEndpoint endpoint) {
        String where = noFollow ? "reading to the end" : fromStart ? "following from the start" : "following from the end";
        String rules = s.rules().stream().map(TrafficRule::describe).collect(Collectors.joining(", "));
        return "tcpswarm traffic: " + where + " of " + String.join(", ", files) + " (format "
                + logFormat.name().toLowerCase(Locale.ROOT) + "); a summary every " + s.intervalSeconds()
                + " s; alerts over " + s.windowSeconds() + " s: " + rules + "; lateness " + s.latenessSeconds() + " s"
                + (endpoint == null ? "" : "; metrics at http://" + ListenAddress.format(endpoint.address())
                        + "/metrics");
    }

    static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }
}
