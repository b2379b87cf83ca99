package dev.tcpswarm.traffic;

import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.Source;
import dev.tcpswarm.monitor.SourceResult;
import dev.tcpswarm.monitor.TrafficInterval;
import dev.tcpswarm.monitor.TrafficWindow;
import dev.tcpswarm.monitor.config.AlertConfig;
import dev.tcpswarm.monitor.config.LogConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code logs} section's access logs as a {@link Source} of the monitor: each log's files
 * (globs matched again every {@value #RESCAN_MILLIS} ms, so a file that appears later is read too)
 * are followed as {@code tcpswarm traffic} follows them, their lines counted on event time by a
 * {@link SourceTraffic}, and the pipeline given each final second's {@link TrafficWindow} (what the
 * alerts judge) and each closed {@link TrafficInterval} (the store's row, stdout's line, the status
 * page's point). The metrics are counted as each line is read. One reading thread of its own for all
 * logs, started with the first log; the command's and the pipeline's threads only hand it configs.
 */
public final class AccessLogSource implements Source {
    /** How often the globs are matched again. */
    static final long RESCAN_MILLIS = 5000;
    private static final int BATCH_BYTES = 256 * 1024;
    private static final long IDLE_POLL_MILLIS = 20;
    /** Names logrotate gives the copies it keeps: a glob's wildcard does not pick them up. */
    private static final Pattern ROTATED = Pattern.compile(".*(\\.[0-9]+|\\.gz|\\.bz2|\\.xz|\\.zst|-[0-9]{8,10})$");

    private final MonitorClock clock;
    private final TrafficMetrics metrics;
    private final PrintStream err;
    private final Object lock = new Object();
    private Consumer<SourceResult> results;
    private volatile MonitorConfig pending;
    private volatile boolean stopping;
    private Thread thread;
    /** The reading thread's own. */
    private final Map<String, Log> logs = new LinkedHashMap<>();

    /** @param metrics where the lines are counted; null when the monitor serves no metrics */
    public AccessLogSource(MonitorClock clock, TrafficMetrics metrics, PrintStream err) {
        this.clock = clock;
        this.metrics = metrics;
        this.err = err;
    }

    @Override
    public String name() {
        return "access logs";
    }

    /**
     * Opens the logs' files here, on the caller's thread, so that every line written once the
     * monitor has started counts; then the reading thread takes over.
     */
    @Override
    public void start(MonitorConfig config, Consumer<SourceResult> sink) {
        synchronized (lock) {
            this.results = sink;
            if (!config.logs().isEmpty()) {
                install(config);
                startThread();
            }
        }
    }

    @Override
    public void reload(MonitorConfig config) {
        synchronized (lock) {
            if (results == null || stopping) {
                return;
            }
            pending = config;
            if (thread == null && !config.logs().isEmpty()) {
                startThread();
            }
        }
    }

    private void startThread() {
        thread = new Thread(this::run, "tcpswarm-logs");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public boolean awaitIdle(long millis) throws InterruptedException {
        Thread t;
        synchronized (lock) {
            t = thread;
        }
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, millis));
        return !t.isAlive();
    }

    // ---- the reading thread ----

    private void run() {
        try {
            while (!stopping) {
                MonitorConfig next = pending;
                if (next != null) {
                    pending = null;
                    install(next);
                }
                long read = 0;
                long now = clock.nanoTime();
                for (Log log : logs.values()) {
                    read += log.poll(now);
                }
                if (read == 0) {
                    TimeUnit.MILLISECONDS.sleep(IDLE_POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            err.println("tcpswarm monitor: access logs: internal error: " + e + "; the logs are no longer read");
        } finally {
            for (Log log : logs.values()) {
                log.finish();
            }
            logs.clear();
        }
    }

    /** Starts the logs that are new or changed (their alerts' sections included), stops the ones gone. */
    private void install(MonitorConfig config) {
        Map<String, Log> old = new HashMap<>(logs);
        logs.clear();
        for (LogConfig c : config.logs()) {
            List<String> sections = sections(config, c.name());
            Log kept = old.remove(c.name());
            if (kept != null && kept.config.equals(c) && kept.sections.equals(sections)) {
                logs.put(c.name(), kept);
            } else {
                if (kept != null) {
                    kept.finish();
                }
                logs.put(c.name(), new Log(c, sections));
                if (metrics != null) {
                    metrics.declare(c.name());
                }
            }
        }
        old.values().forEach(Log::finish);
    }

    /** The sections the alerts on {@code log} watch, in config order. */
    private static List<String> sections(MonitorConfig config, String log) {
        Set<String> out = new LinkedHashSet<>();
        for (AlertConfig a : config.alerts()) {
            if (a.target().equals(log) && a.condition() instanceof AlertConfig.TrafficCondition tc
                    && tc.section() != null) {
                out.add(tc.section());
            }
        }
        return List.copyOf(out);
    }

    /** The files a log's paths name now: each path as it is, or each file its glob matches. */
    static List<Path> match(List<String> paths) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String p : paths) {
            if (!isGlob(p)) {
                out.add(Path.of(p));
                continue;
            }
            Path pattern = Path.of(p).toAbsolutePath();
            Path base = pattern.getRoot();
            int depth = 0;
            boolean globbing = false;
            for (Path part : pattern) {
                if (globbing || isGlob(part.toString())) {
                    globbing = true;
                    depth++;
                } else {
                    base = base.resolve(part);
                }
            }
            if (!Files.isDirectory(base)) {
                continue;
            }
            PathMatcher matcher = pattern.getFileSystem().getPathMatcher("glob:" + escapeForGlob(base) + "/"
                    + base.relativize(pattern));
            String literalName = pattern.getFileName().toString();
            try (Stream<Path> found = Files.find(base, depth, (f, attrs) -> attrs.isRegularFile() && matcher.matches(f))) {
                found.sorted().filter(f -> !ROTATED.matcher(f.getFileName().toString()).matches()
                        || ROTATED.matcher(literalName).matches()).forEach(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static boolean isGlob(String p) {
        return p.contains("*") || p.contains("?") || p.contains("[") || p.contains("{");
    }

    private static String escapeForGlob(Path base) {
        return base.toString().replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /** One log: its files, their parsers, its traffic on event time. The reading thread's own. */
    private final class Log implements TrafficListener {
        final LogConfig config;
        final List<String> sections;
        final SourceTraffic traffic;
        final Map<Path, File> files = new LinkedHashMap<>();
        private long nextScanNanos;
        private boolean finished;
        private String lastError;

        Log(LogConfig config, List<String> sections) {
            this.config = config;
            this.sections = sections;
            List<TrafficRule> rules = new ArrayList<>();
            for (String s : sections) {
                rules.add(TrafficRule.sectionTraffic(s, Double.MAX_VALUE)); // counted for the alerts, judged by them
            }
            this.traffic = new SourceTraffic(config.name(), config.intervalSeconds(), config.windowSeconds(),
                    config.latenessSeconds(), rules, this);
            scan(true);
        }

        /** Matches the paths again: a file not read yet is opened (from its start when it appeared after the first scan). */
        private void scan(boolean first) {
            nextScanNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESCAN_MILLIS);
            List<Path> now;
            try {
                now = match(config.paths());
            } catch (IOException | RuntimeException e) {
                report("cannot list " + String.join(", ", config.paths()) + ": " + e.getMessage());
                return;
            }
            for (Path p : now) {
                if (files.containsKey(p)) {
                    continue;
                }
                boolean fromStart = config.fromStart() || !first;
                try {
                    FileFollower f = FileFollower.open(p, p.getFileName().toString(), fromStart, config.follow(),
                            clock::nanoTime);
                    LineParser parser = LogFormat.valueOf(config.format().toUpperCase(Locale.ROOT))
                            .newParser(config.jsonFields());
                    String header = config.follow() && !fromStart ? f.firstLine() : null;
                    if (header != null) {
                        try {
                            parser.parse(header);
                        } catch (MalformedLineException e) {
                            // not a header: the lines read decide
                        }
                    }
                    files.put(p, new File(f, parser));
                } catch (IOException e) {
                    report("cannot read " + p + ": " + e.getMessage());
                }
            }
        }

        long poll(long now) {
            if (finished) {
                return 0;
            }
            if (config.follow() && now - nextScanNanos >= 0) {
                scan(false);
            }
            long read = 0;
            boolean ended = true;
            for (File f : files.values()) {
                try {
                    read += f.lines.poll(f.sink, BATCH_BYTES);
                    lastError = null;
                } catch (IOException e) {
                    report("cannot read " + f.lines.name() + ": " + e.getMessage() + " (still trying)");
                }
                ended &= f.lines.ended();
            }
            if (config.follow()) {
                traffic.advance(clock.nanoTime());
            } else if (ended) {
                finish();
            }
            return read;
        }

        private void report(String message) {
            if (!message.equals(lastError)) {
                err.println("tcpswarm monitor: log " + config.name() + ": " + message);
                err.flush();
                lastError = message;
            }
        }

        /** The end: the interval under way closes as far as it went; the files are let go. */
        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            traffic.finish();
            files.values().forEach(f -> f.lines.close());
        }

        @Override
        public void request(String source, Request r) {
            if (metrics != null) {
                metrics.request(source, r);
            }
        }

        @Override
        public void malformed(String source) {
            if (metrics != null) {
                metrics.malformed(source);
            }
        }

        @Override
        public void windowRate(String source, long second, double requestsPerSecond) {
            if (metrics != null) {
                metrics.windowRate(source, second, requestsPerSecond);
            }
            Map<String, Long> bySection = new HashMap<>();
            for (int i = 0; i < sections.size(); i++) {
                bySection.put(sections.get(i), traffic.windowSectionHits(i));
            }
            results.accept(new TrafficWindow(source, second, traffic.window(), traffic.windowHits(),
                    traffic.windowServerErrors(), bySection, traffic.windowFull()));
        }

        @Override
        public void intervalClosed(IntervalStats s) {
            traffic.takeBadLines(s);
            List<Long> classes = new ArrayList<>();
            for (int c = 0; c <= 5; c++) {
                classes.add(s.statusClass(c));
            }
            results.accept(new TrafficInterval(s.source(), s.start(), s.end(), s.hits(), classes, s.serverErrors(),
                    s.bytes(), s.malformed(), s.late(), s.firstMalformed(), s.topSections(5)));
        }

        /** One file of the log: its lines, and the sink that counts them in the log's traffic. */
        private final class File {
            final LineSource lines;
            final RequestSink sink;

            File(LineSource lines, LineParser parser) {
                this.lines = Objects.requireNonNull(lines);
                this.sink = new RequestSink(lines.name(), parser, traffic, clock::nanoTime);
            }
        }
    }
}
