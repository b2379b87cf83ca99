package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.Results;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.store.StoreExtension;
import dev.tcpswarm.store.StoreReader;
import dev.tcpswarm.store.StoreSection;
import dev.tcpswarm.store.StoreWriter;
import dev.tcpswarm.web.StatusApi;
import dev.tcpswarm.web.StatusBoard;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that is damaged: middle pages overwritten before a start are found at the open
 * ({@code PRAGMA quick_check}) and the store is refused with 65 and one line, by the monitor and by
 * the report; a schema that goes wrong during the run (a table dropped by another process) ends the
 * writing at the first failure instead of retrying it forever, and is said, counted and shown in
 * the metrics, while the API answers from memory.
 */
class StoreDamageTest {
    @TempDir
    Path dir;

    private MonitorConfig config(Path db) throws Exception {
        return new ConfigReader(List.of(StoreSection.INSTANCE)).read("m.yaml", """
                services:
                  - {name: api, address: "127.0.0.1:1001"}
                  - {name: db, address: "127.0.0.1:1002"}
                store: {path: "%s"}
                """.formatted(db));
    }

    /** Two hours of a probe of each service every second, written through the store's writer. */
    private Path storeOfHistory() throws Exception {
        Path db = dir.resolve("history.db");
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 10, 0, 0), ZoneId.of("UTC"));
        MonitorConfig config = config(db);
        MonitorExtension.Attachment store = new StoreExtension().attach(
                new MonitorExtension.Context(config, clock, null, System.err));
        MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(store.sinks().get(0)));
        core.start();
        for (int i = 0; i < 7200; i++) {
            core.onResult(Results.openMicros("api", clock, 2000 + i % 500));
            core.onResult(Results.openMicros("db", clock, 1000 + i % 300));
            clock.advance(1, TimeUnit.SECONDS);
            core.tick();
        }
        core.finish();
        assertTrue(((StoreWriter) store.sinks().get(0)).flush(20_000));
        store.close();
        return db;
    }

    @Test
    void aStoreWithDamagedMiddlePagesIsRefusedAtTheStartWith65AndOneLine() throws Exception {
        Path db = storeOfHistory();
        long pages = Files.size(db) / 4096;
        assertTrue(pages > 40, "a store of some size: " + pages + " pages");
        byte[] garbage = new byte[4096 * 3];
        Arrays.fill(garbage, (byte) 0x5a);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(4096 * (pages / 2));
            f.write(garbage);
        }
        String line = "tcpswarm: " + db + ": the store is damaged (quick_check: ";
        Cli.Outcome report = Cli.run("monitor", "report", "--store", db.toString());
        assertEquals(65, report.exit(), report.out() + report.err());
        assertEquals(1, report.errLines().size(), report.err());
        assertTrue(report.errLines().get(0).startsWith(line), report.err());
        assertTrue(report.errLines().get(0).endsWith("): move it away to start a new one, or save what is readable"
                + " with sqlite3 " + db + " .recover"), report.err());
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome run = Cli.run("monitor", "127.0.0.1:" + server.port(), "--store", db.toString(), "--duration", "1s");
            assertEquals(65, run.exit(), run.out() + run.err());
            assertEquals(List.of(report.errLines().get(0)), run.errLines());
            assertEquals("", run.out());
            assertEquals(0, server.accepted(), "nothing was probed");
        }
    }

    @Test
    void aSchemaErrorDuringTheRunIsSaidCountedAndNotRetriedWhileTheApiAnswersFromMemory() throws Exception {
        Path db = dir.resolve("live.db");
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 10, 0, 0), ZoneId.of("UTC"));
        MonitorConfig config = config(db);
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        PrometheusRegistry registry = new PrometheusRegistry();
        MonitorExtension.Attachment store = new StoreExtension().attach(
                new MonitorExtension.Context(config, clock, registry, err));
        StoreWriter writer = (StoreWriter) store.sinks().get(0);
        StatusBoard board = new StatusBoard(Resume.NONE);
        MonitorCore core = new MonitorCore(config, clock, new Listeners(err).add(board).add(writer));
        try (StoreReader reader = StoreReader.open(db, false)) {
            StatusApi api = new StatusApi(board, reader, clock);
            core.start();
            feed(core, clock, 30);
            assertTrue(writer.flush(10_000), errBytes.toString(StandardCharsets.UTF_8));
            assertEquals(30.0, api.services().at("/services/0/probes/24h").asDouble(), 0.0);

            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement()) {
                s.execute("DROP TABLE probe"); // the schema is not what the writer knows any more
            }
            feed(core, clock, 30);
            assertFalse(writer.flush(5000), "the rows after it cannot be written");
            Thread.sleep(3000); // a retrying writer would fail again and again meanwhile
            feed(core, clock, 10);
            Thread.sleep(500);
            String errText = errBytes.toString(StandardCharsets.UTF_8);
            assertEquals(1, errText.lines().count(), "one line: " + errText);
            assertTrue(errText.startsWith("tcpswarm monitor: store: cannot write to " + db + ": no such table: probe"
                    + " (SQLITE_ERROR): the file is damaged or not as this tcpswarm made it"), errText);
            String metrics = scrape(registry);
            assertEquals(1.0, value(metrics, "tcpswarm_monitor_store_errors_total{code=\"SQLITE_ERROR\"}"), 0.0,
                    "tried once, not again and again");
            assertEquals(0.0, value(metrics, "tcpswarm_monitor_store_up"), 0.0);
            assertEquals((double) writer.droppedRows(), value(metrics, "tcpswarm_monitor_store_dropped_rows_total"), 0.0);
            assertTrue(writer.droppedRows() >= 80, "the rows not written are counted: " + writer.droppedRows());

            ObjectNode answer = api.services(); // the store cannot be read either: the board still answers
            assertEquals("up", answer.at("/services/0/state").asText(), answer.toString());
            assertEquals("open", answer.at("/services/1/last_probe/outcome").asText(), answer.toString());
            assertTrue(answer.at("/store_error").asText().contains("no such table: probe"), answer.toString());
            assertEquals(30.0, answer.at("/services/0/probes/24h").asDouble(), 0.0, "the last figures read: " + answer);
        } finally {
            core.finish();
            store.close();
        }
        String closing = errBytes.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
        assertTrue(closing.contains("rows not written, the store failed: no such table: probe (SQLITE_ERROR)")
                && !closing.contains("did not take them within"), "the stop names the failure, not a slow disk: " + closing);
    }

    private static void feed(MonitorCore core, ManualClock clock, int rounds) {
        for (int i = 0; i < rounds; i++) {
            core.onResult(Results.openMicros("api", clock, 2000));
            core.onResult(Results.openMicros("db", clock, 1000));
            clock.advance(1, TimeUnit.SECONDS);
            core.tick();
        }
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), series + " in " + metrics);
        return Double.parseDouble(m.group(1));
    }
}
