package dev.tcpswarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.monitor.DailyTable;
import dev.tcpswarm.monitor.Figures;
import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.Timestamps;
import dev.tcpswarm.monitor.config.ConfigException;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.LoggingConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import dev.tcpswarm.store.History;
import dev.tcpswarm.store.MinuteStats;
import dev.tcpswarm.store.StoreConfig;
import dev.tcpswarm.store.StoreException;
import dev.tcpswarm.store.StoreReader;
import dev.tcpswarm.store.StoreSection;
import dev.tcpswarm.verdict.ExitCode;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tcpswarm monitor report}: any past period of the monitor's store, as the daily table (rows
 * as in the daily files), each service's uptime and percentiles, the state changes, and each access
 * log's hits, status classes, bytes, bad lines and alerts; or the same as JSON. Reads straight through: the store (from the config or {@code --store}), the period, the
 * {@link History}, the output.
 */
@Command(name = "report", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show a past period of the monitor's store: the daily table, uptime and percentiles per "
                + "service, and the state changes (by default the whole history)."})
public final class MonitorReportCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "CONFIG.yaml", description = "The monitor's config (its store section)")
    Path configFile;

    @Option(names = "--store", paramLabel = "FILE", description = "The store to read (instead of the config's)")
    Path store;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Start: now, a duration ago (7d), a local date or time (2025-10-08, '2025-10-08 14:30'), or an "
                    + "instant (2025-10-08T12:30:00Z); default: the oldest row")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End, in the same forms (default: now)")
    String to;

    @Option(names = "--every", paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Time covered by each table row, whole minutes (default: the config's logging.summary_every, "
                    + "else 5m)")
    Long everyNanos;

    @Option(names = "--json", description = "Print JSON instead of the tables")
    boolean json;

    @Mixin
    DebugOption debug = new DebugOption();

    @Mixin
    HelpOption help = new HelpOption();

    /** The service table's first columns: name, probes, failures, uptime and the connect's p50, p95, p99. */
    private static final String SERVICE_COLUMNS = "%-20s | %8s | %6s | %8s | %9s | %9s | %9s";
    /** Three more percentiles: the TLS handshake's, or the conversation's response. */
    private static final String LATENCY_COLUMNS = " | %9s | %9s | %9s";

    private final PrintStream out;
    private final MonitorClock clock = MonitorClock.SYSTEM;

    public MonitorReportCommand() {
        this(System.in, System.out, System.err);
    }

    public MonitorReportCommand(InputStream in, PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        MonitorConfig config = configFile == null ? null : readConfig();
        StoreConfig configured = config == null ? null : config.extension(StoreSection.INSTANCE, StoreConfig.class);
        Path path = store != null ? store : configured != null ? configured.path() : null;
        if (path == null) {
            throw new UsageException(configFile == null ? "which store? give the monitor's CONFIG.yaml or --store FILE"
                    : configFile + " has no store section: give --store FILE");
        }
        long every = everyNanos != null ? everyNanos
                : config != null ? config.logging().summaryEveryNanos() : LoggingConfig.DEFAULT_SUMMARY_EVERY_NANOS;
        long minute = TimeUnit.MINUTES.toNanos(1);
        if (every < minute || every % minute != 0) {
            throw new UsageException("--every must be whole minutes (the store keeps minutes): e.g. 5m or 1h");
        }
        ZoneId zone = clock.zone();
        long now = clock.epochMillis();
        try (StoreReader reader = StoreReader.openChecked(path)) {
            long toMillis = to == null ? now : ReportTime.parse("--to", to, now, zone);
            long fromMillis;
            if (from != null) {
                fromMillis = ReportTime.parse("--from", from, now, zone);
            } else {
                long oldest = reader.oldestMillis();
                fromMillis = oldest < 0 ? toMillis : Math.min(oldest, toMillis);
            }
            if (fromMillis > toMillis) {
                throw new UsageException("--from is after --to");
            }
            History history = History.read(reader, fromMillis, toMillis, TimeUnit.NANOSECONDS.toMillis(every), zone)
                    .inOrder(config == null ? List.of() : config.services().stream().map(ServiceConfig::name).toList());
            List<StoreReader.TrafficTotals> traffic = reader.traffic(fromMillis, toMillis);
            List<StoreReader.TrafficAlert> trafficAlerts = reader.trafficAlerts(
                    traffic.stream().map(StoreReader.TrafficTotals::source).toList(), fromMillis, toMillis);
            if (json) {
                out.println(json(path, history, traffic, trafficAlerts, zone));
            } else {
                text(path, history, zone);
                text(traffic, trafficAlerts, zone);
            }
            out.flush();
            return ExitCode.OK;
        } catch (StoreException e) {
            throw new UsageException(e.getMessage(), e.exitCode());
        } catch (SQLException e) {
            StoreException failure = StoreException.reading(path, e);
            throw new UsageException(failure.getMessage(), failure.exitCode());
        }
    }

    private MonitorConfig readConfig() {
        try {
            return new ConfigReader(List.of(StoreSection.INSTANCE)).read(configFile);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void text(Path path, History h, ZoneId zone) {
        out.println(path + ": " + Timestamps.local(h.fromEpochMillis(), zone) + " to "
                + Timestamps.local(h.toEpochMillis(), zone) + " (" + zone.getId() + "), a row every "
                + Figures.duration(TimeUnit.MILLISECONDS.toNanos(h.everyMillis())));
        if (h.services().isEmpty()) {
            out.println("no probes in this period");
        } else {
            out.println(DailyTable.HEADER);
            for (History.Row r : h.rows()) {
                out.println(DailyTable.row(Timestamps.local(r.endEpochMillis(), zone), r.service(), r.buckets()));
            }
            out.println();
            boolean tls = h.services().stream().anyMatch(t -> t.tls().p50Micros() >= 0);
            boolean response = h.services().stream().anyMatch(t -> t.response().p50Micros() >= 0);
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, SERVICE_COLUMNS, "Service", "Probes",
                    "Failed", "Uptime", "p50", "p95", "p99"));
            if (tls) {
                header.append(String.format(Locale.ROOT, LATENCY_COLUMNS, "TLS p50", "TLS p95", "TLS p99"));
            }
            if (response) {
                header.append(String.format(Locale.ROOT, LATENCY_COLUMNS, "Resp p50", "Resp p95", "Resp p99"));
            }
            out.println(header);
            for (History.ServiceTotals s : h.services()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, SERVICE_COLUMNS,
                        DailyTable.name(s.service()), String.valueOf(s.probes()), String.valueOf(s.failures()),
                        uptime(s.uptime()), latency(s.p50Micros()), latency(s.p95Micros()), latency(s.p99Micros())));
                if (tls) {
                    line.append(latencies(s.tls()));
                }
                if (response) {
                    line.append(latencies(s.response()));
                }
                out.println(line);
            }
        }
        if (!h.changes().isEmpty()) {
            out.println();
            out.println("State changes:");
            for (History.Change c : h.changes()) {
                out.println(Timestamps.local(c.epochMillis(), zone) + " " + c.name() + ": "
                        + c.to().toUpperCase(Locale.ROOT) + " (" + c.reason() + ")");
            }
        }
    }

    /** The access logs: a row per log (hits, rate, status classes, bytes, bad lines), then their alerts. */
    private void text(List<StoreReader.TrafficTotals> traffic, List<StoreReader.TrafficAlert> alerts, ZoneId zone) {
        if (traffic.isEmpty()) {
            return;
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%-20s | %10s | %8s | %8s | %8s | %8s | %8s | %10s | %9s | %6s", "Log",
                "Hits", "req/s", "2xx", "3xx", "4xx", "5xx", "Bytes", "Malformed", "Late"));
        for (StoreReader.TrafficTotals t : traffic) {
            out.println(String.format(Locale.ROOT, "%-20s | %10d | %8.2f | %8d | %8d | %8d | %8d | %10d | %9d | %6d",
                    DailyTable.name(t.source()), t.hits(), t.requestsPerSecond(), t.classes().get(2), t.classes().get(3),
                    t.classes().get(4), t.classes().get(5), t.bytes(), t.malformed(), t.late()));
        }
        if (!alerts.isEmpty()) {
            out.println();
            out.println("Access log alerts:");
            for (StoreReader.TrafficAlert a : alerts) {
                out.println(Timestamps.local(a.epochMillis(), zone) + " " + a.alert() + " " + a.event().toUpperCase(Locale.ROOT)
                        + ": " + a.message());
            }
        }
    }

    /** {@code 99.833%}: three decimals, so that a few failures in a month show. */
    static String uptime(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.3f%%", ratio * 100);
    }

    private static String latency(long micros) {
        return micros < 0 ? "-" : Figures.millis(micros * 1000);
    }

    private static String latencies(MinuteStats.Latency l) {
        return String.format(Locale.ROOT, LATENCY_COLUMNS, latency(l.p50Micros()), latency(l.p95Micros()),
                latency(l.p99Micros()));
    }

    private static String json(Path path, History h, List<StoreReader.TrafficTotals> traffic,
            List<StoreReader.TrafficAlert> trafficAlerts, ZoneId zone) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("store", path.toString());
        root.put("from", ReportTime.iso(h.fromEpochMillis()));
        root.put("to", ReportTime.iso(h.toEpochMillis()));
        root.put("zone", zone.getId());
        root.put("every_seconds", h.everyMillis() / 1000);
        ArrayNode rows = root.putArray("rows");
        for (History.Row r : h.rows()) {
            ObjectNode o = rows.addObject();
            o.put("timestamp", Timestamps.local(r.endEpochMillis(), zone));
            o.put("end", ReportTime.iso(r.endEpochMillis()));
            o.put("service", r.service());
            ObjectNode buckets = o.putObject("buckets");
            r.buckets().byLabel().forEach(buckets::put);
            o.put("total", r.buckets().total());
        }
        ArrayNode services = root.putArray("services");
        for (History.ServiceTotals s : h.services()) {
            ObjectNode o = services.addObject();
            o.put("name", s.service());
            o.put("probes", s.probes());
            o.put("failures", s.failures());
            if (s.probes() == 0) {
                o.putNull("uptime");
            } else {
                o.put("uptime", s.uptime());
            }
            percentiles(o, "", s.connect());
            percentiles(o, "tls_", s.tls());
            percentiles(o, "response_", s.response());
        }
        ArrayNode changes = root.putArray("state_changes");
        for (History.Change c : h.changes()) {
            ObjectNode o = changes.addObject();
            o.put("time", ReportTime.iso(c.epochMillis()));
            o.put("name", c.name());
            o.put("kind", c.group() ? "group" : "service");
            o.put("from", c.from());
            o.put("to", c.to());
            o.put("reason", c.reason());
        }
        ArrayNode logs = root.putArray("logs");
        for (StoreReader.TrafficTotals t : traffic) {
            ObjectNode o = logs.addObject();
            o.put("name", t.source());
            o.put("from", ReportTime.iso(t.fromMillis()));
            o.put("to", ReportTime.iso(t.toMillis()));
            o.put("hits", t.hits());
            o.put("requests_per_second", t.requestsPerSecond());
            ObjectNode classes = o.putObject("status_classes");
            for (int c = 1; c <= 5; c++) {
                classes.put(c + "xx", t.classes().get(c));
            }
            classes.put("other", t.classes().get(0));
            o.put("bytes", t.bytes());
            o.put("malformed", t.malformed());
            o.put("late", t.late());
            ArrayNode alerts = o.putArray("alerts");
            for (StoreReader.TrafficAlert a : trafficAlerts) {
                if (a.source().equals(t.source())) {
                    ObjectNode e = alerts.addObject();
                    e.put("time", ReportTime.iso(a.epochMillis()));
                    e.put("alert", a.alert());
                    e.put("event", a.event());
                    e.put("message", a.message());
                }
            }
        }
        return mapper.writeValueAsString(root);
    }

    /** {@code PREFIXp50_ms}, {@code PREFIXp95_ms}, {@code PREFIXp99_ms}: milliseconds, null where none. */
    private static void percentiles(ObjectNode o, String prefix, MinuteStats.Latency l) {
        millis(o, prefix + "p50_ms", l.p50Micros());
        millis(o, prefix + "p95_ms", l.p95Micros());
        millis(o, prefix + "p99_ms", l.p99Micros());
    }

    private static void millis(ObjectNode o, String key, long micros) {
        if (micros < 0) {
            o.putNull(key);
        } else {
            o.put(key, micros / 1000.0);
        }
    }
}
