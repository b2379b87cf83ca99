package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.Results;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.store.StoreExtension;
import dev.tcpswarm.store.StoreSection;
import dev.tcpswarm.store.StoreWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpswarm monitor report} on a store of an hour of monitoring (written by the monitor's
 * pipeline logic and the store's writer, with the manual clock): the daily table for the period asked
 * for, uptime and percentiles, the state changes, the JSON; and bad input, one line each.
 */
class MonitorReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * 11:00 to 12:00 local, a probe of each service every 10 s: api open in 2 ms (250 ms from 11:20
     * to 11:25), db refused from 11:30 to 11:31 (DOWN, then UP).
     */
    private Path hourOfHistory() throws Exception {
        Path db = dir.resolve("history.db");
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 11, 0, 0), ZoneId.systemDefault());
        MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("m.yaml", """
                services:
                  - {name: api, address: "127.0.0.1:1001"}
                  - {name: db, address: "127.0.0.1:1002"}
                store: {path: "%s"}
                """.formatted(db));
        MonitorExtension.Attachment store = new StoreExtension().attach(
                new MonitorExtension.Context(config, clock, null, System.err));
        MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(store.sinks().get(0)));
        core.start();
        for (int i = 0; i < 360; i++) {
            long apiMicros = i >= 120 && i < 150 ? 250_000 : 2000;
            core.onResult(Results.openMicros("api", clock, apiMicros));
            boolean refused = i >= 180 && i < 186;
            core.onResult(refused ? Results.failed("db", clock, ProbeOutcome.REFUSED) : Results.openMicros("db", clock, 1000));
            clock.advance(10, TimeUnit.SECONDS);
            core.tick();
        }
        core.finish();
        ((StoreWriter) store.sinks().get(0)).flush(10_000);
        store.close();
        return db;
    }

    @Test
    void thePeriodAskedForAsTheDailyTableWithUptimeAndPercentiles() throws Exception {
        Path db = hourOfHistory();
        Cli.Outcome o = Cli.run("monitor", "report", "--store", db.toString(), "--from", "2025-10-08 11:15", "--to",
                "2025-10-08T11:35:00");
        assertEquals(0, o.exit(), o.err());
        assertEquals("", o.err());
        String zone = ZoneId.systemDefault().getId();
        assertEquals(List.of(
                db + ": 2025-10-08 11:15:00 to 2025-10-08 11:35:00 (" + zone + "), a row every 5m",
                "Timestamp           | Service              | 0-100ms  | 100-500ms | 500-1000ms | 1000-2000ms | >2000ms  | Failed | Total",
                "2025-10-08 11:20:00 | api                  |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:20:00 | db                   |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:25:00 | api                  |        0 |        30 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:25:00 | db                   |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:30:00 | api                  |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:30:00 | db                   |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:35:00 | api                  |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:35:00 | db                   |       24 |         0 |          0 |           0 |        0 |      6 |    30",
                "",
                "Service              |   Probes | Failed |   Uptime |       p50 |       p95 |       p99",
                "api                  |      120 |      0 | 100.000% |    2.0 ms |    251 ms |    251 ms",
                "db                   |      120 |      6 |  95.000% |    1.0 ms |    1.0 ms |    1.0 ms",
                "",
                "State changes:",
                "2025-10-08 11:30:20 db: DOWN (3 consecutive connections refused)",
                "2025-10-08 11:31:00 db: UP (open in 1.0 ms)"), o.outLines());

        Cli.Outcome json = Cli.run("monitor", "report", "--store", db.toString(), "--from", "2025-10-08 11:15", "--to",
                "2025-10-08 11:35", "--every", "10m", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode r = JSON.readTree(json.out());
        assertEquals(600, r.get("every_seconds").asInt());
        assertEquals(List.of("2025-10-08 11:20:00", "2025-10-08 11:20:00", "2025-10-08 11:30:00", "2025-10-08 11:30:00",
                "2025-10-08 11:35:00", "2025-10-08 11:35:00"), texts(r.get("rows"), "timestamp"),
                "rows every 10 minutes from midnight; the last one ends with the period");
        assertEquals(60, r.at("/rows/2/total").asInt());
        assertEquals(30, r.at("/rows/2/buckets/100-500ms").asInt());
        assertEquals(0.95, r.at("/services/1/uptime").asDouble(), 1e-12);
        assertEquals(List.of("down", "up"), texts(r.get("state_changes"), "to"));
        assertEquals(dev.tcpswarm.monitor.PeriodStats.newConnectMicros().highestEquivalentValue(250_000) / 1000.0,
                r.at("/services/0/p99_ms").asDouble(), 1e-9, "p99 of the HdrHistogram, in ms");

        Cli.Outcome all = Cli.run("monitor", "report", "--store", db.toString(), "--json");
        JsonNode whole = JSON.readTree(all.out());
        assertEquals(List.of(360L, 360L), List.of(whole.at("/services/0/probes").asLong(),
                whole.at("/services/1/probes").asLong()), "by default the whole history");
    }

    @Test
    void theConfigNamesTheStoreAndTheRowLength() throws Exception {
        Path db = hourOfHistory();
        Path config = Files.writeString(dir.resolve("m.yaml"), """
                services:
                  - {name: api, address: "127.0.0.1:1001"}
                logging: {summary_every: 30m}
                store: {path: "%s"}
                """.formatted(db));
        Cli.Outcome o = Cli.run("monitor", "report", config.toString(), "--from", "2025-10-08", "--json");
        assertEquals(0, o.exit(), o.err());
        JsonNode r = JSON.readTree(o.out());
        assertEquals(1800, r.get("every_seconds").asInt());
        assertEquals(List.of("2025-10-08 11:30:00", "2025-10-08 11:30:00", "2025-10-08 12:00:00", "2025-10-08 12:00:00"),
                texts(r.get("rows"), "timestamp"));
    }

    @Test
    void badInputIsOneLineAndTheRightExitCode() throws Exception {
        Path db = hourOfHistory();
        assertOneLine(Cli.run("monitor", "report"), 64, "tcpswarm: which store? give the monitor's CONFIG.yaml or --store FILE");
        assertOneLine(Cli.run("monitor", "report", "--store", dir.resolve("missing.db").toString()), 64,
                "tcpswarm: " + dir.resolve("missing.db") + ": no such store (the monitor makes it on its first start with this path)");
        assertEquals(false, Files.exists(dir.resolve("missing.db")));
        assertOneLine(Cli.run("monitor", "report", "--store", db.toString(), "--from", "yesterday"), 64,
                "tcpswarm: --from: 'yesterday' is not a time: give now, a duration ago (24h, 7d), a local date (2025-10-08),"
                        + " a local time (2025-10-08 14:30) or an instant (2025-10-08T12:30:00Z)");
        assertOneLine(Cli.run("monitor", "report", "--store", db.toString(), "--every", "90s"), 64,
                "tcpswarm: --every must be whole minutes (the store keeps minutes): e.g. 5m or 1h");
        assertOneLine(Cli.run("monitor", "report", "--store", db.toString(), "--from", "1h", "--to", "2h"), 64,
                "tcpswarm: --from is after --to");
        assertOneLine(Cli.run("monitor"), 64,
                "tcpswarm: give a config file (CONFIG.yaml) or addresses to watch (host:port ...); see 'tcpswarm monitor --help'");
    }

    @Test
    void aStoreOfANewerTcpswarmIsRefusedAndNothingStarts() throws Exception {
        Path newer = dir.resolve("newer.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
            s.execute("PRAGMA application_id = 1952673907");
            s.execute("PRAGMA user_version = 99");
        }
        String line = "tcpswarm: " + newer + ": written by a newer tcpswarm (store version 99, this one knows up to 6): use"
                + " that tcpswarm or a newer one, or another file";
        assertOneLine(Cli.run("monitor", "report", "--store", newer.toString()), 65, line);
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            assertOneLine(Cli.run("monitor", "127.0.0.1:" + server.port(), "--store", newer.toString(), "--once"), 65, line);
            assertOneLine(Cli.run("monitor", "127.0.0.1:" + server.port(), "--store", newer.toString(), "--duration", "1s"),
                    65, line);
            assertEquals(0, server.accepted(), "nothing was probed");
        }
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertOneLine(Cli.run("monitor", "127.0.0.1:1", "--store", text.toString(), "--once"), 65,
                "tcpswarm: " + text + ": not a tcpswarm store (not an SQLite database): give another file");
    }

    /**
     * The report lists services in the config's order, not the order the store first saw them; a
     * name longer than the column is cut with a marker, so every column stays aligned.
     */
    @Test
    void servicesInTheConfigsOrderAndLongNamesKeepTheColumnsAligned() throws Exception {
        Path db = dir.resolve("order.db");
        String yaml = """
                services:
                  - {name: zz-first-in-config, address: "127.0.0.1:1001"}
                  - {name: a-service-with-a-name-longer-than-twenty, address: "127.0.0.1:1002"}
                store: {path: "%s"}
                """.formatted(db);
        Path configFile = Files.writeString(dir.resolve("order.yaml"), yaml);
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 11, 0, 0), ZoneId.systemDefault());
        MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("order.yaml", yaml);
        MonitorExtension.Attachment store = new StoreExtension().attach(
                new MonitorExtension.Context(config, clock, null, System.err));
        MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(store.sinks().get(0)));
        core.start();
        for (int i = 0; i < 60; i++) { // the long-named one is probed first: the store sees it first
            core.onResult(Results.openMicros("a-service-with-a-name-longer-than-twenty", clock, 2000));
            core.onResult(Results.openMicros("zz-first-in-config", clock, 1000));
            clock.advance(10, TimeUnit.SECONDS);
            core.tick();
        }
        core.finish();
        ((StoreWriter) store.sinks().get(0)).flush(10_000);
        store.close();
        Cli.Outcome o = Cli.run("monitor", "report", configFile.toString(), "--from", "2025-10-08 11:00", "--to",
                "2025-10-08 11:10");
        assertEquals(0, o.exit(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(List.of(
                "Timestamp           | Service              | 0-100ms  | 100-500ms | 500-1000ms | 1000-2000ms | >2000ms  | Failed | Total",
                "2025-10-08 11:05:00 | zz-first-in-config   |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:05:00 | a-service-with-a-na~ |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:10:00 | zz-first-in-config   |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "2025-10-08 11:10:00 | a-service-with-a-na~ |       30 |         0 |          0 |           0 |        0 |      0 |    30",
                "",
                "Service              |   Probes | Failed |   Uptime |       p50 |       p95 |       p99",
                "zz-first-in-config   |       60 |      0 | 100.000% |    1.0 ms |    1.0 ms |    1.0 ms",
                "a-service-with-a-na~ |       60 |      0 | 100.000% |    2.0 ms |    2.0 ms |    2.0 ms"),
                lines.subList(1, 10), o.out());
    }

    private static void assertOneLine(Cli.Outcome o, int exit, String line) {
        assertEquals(exit, o.exit(), o.out() + o.err());
        assertEquals(List.of(line), o.errLines());
        assertTrue(o.out().isEmpty(), o.out());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }
}
