package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.DailyTable;
import dev.tcpswarm.monitor.Monitor;
import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.StateChange;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store and the daily logs on a 1 MiB tmpfs that fills up while the real monitor probes a real
 * server, then gets its space back. The daily table holds whole rows only (never a row torn mid-cell
 * with the next table glued on); every row the disk did not take is counted (the table's in
 * {@code tcpswarm_monitor_log_lost_lines_total}, the store's in its dropped-rows counter) and each
 * episode is said once when it begins and once when writing works again; while the store cannot
 * write, {@code tcpswarm_monitor_store_up} is 0 and the queue gauge grows with what waits.
 */
@Timeout(90)
class StoreDiskFullTest {
    private static final Pattern ROW = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\| .{20} \\| +\\d+ \\| +\\d+ "
            + "\\| +\\d+ \\| +\\d+ \\| +\\d+ \\| +\\d+ \\| +\\d+");
    private static final int SERVICES = 20;

    @TempDir
    Path dir;

    private static final class Counting implements MonitorListener {
        final AtomicLong probes = new AtomicLong();
        final AtomicLong changes = new AtomicLong();

        @Override
        public void probed(ProbeResult result) {
            probes.incrementAndGet();
        }

        @Override
        public void stateChanged(StateChange change) {
            changes.incrementAndGet();
        }
    }

    @Test
    void aFullDiskLosesWholeRowsCountedAndSaidOncePerEpisode() throws Exception {
        Path disk = Files.createDirectory(dir.resolve("disk"));
        mountOrFail(disk);
        try {
            run(disk);
        } finally {
            exec("umount", disk.toString());
        }
    }

    private void run(Path disk) throws Exception {
        Path db = disk.resolve("history.db");
        Path logs = disk.resolve("logs");
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrometheusRegistry registry = new PrometheusRegistry();
        Counting counting = new Counting();
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            StringBuilder yaml = new StringBuilder("defaults: {interval: 100ms, timeout: 1s}\nservices:\n");
            for (int i = 0; i < SERVICES; i++) {
                yaml.append("  - {name: s").append(i).append(", address: \"127.0.0.1:").append(server.port()).append("\"}\n");
            }
            yaml.append("store: {path: \"").append(db).append("\", queue: 1000}\n");
            yaml.append("logging: {dir: \"").append(logs).append("\", summary_every: 1s}\n");
            MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("full.yaml", yaml.toString());
            MonitorExtension.Attachment store = new StoreExtension().attach(
                    new MonitorExtension.Context(config, MonitorClock.SYSTEM, registry, err));
            StoreWriter writer = (StoreWriter) store.sinks().get(0);
            Monitor monitor = new Monitor(config, MonitorClock.SYSTEM, Transport.detect(), 1, out, err, registry,
                    List.of(counting, writer));
            Path filler = disk.resolve("filler");
            try {
                monitor.start();
                Thread.sleep(2500);
                assertTrue(writer.flush(10_000), "the store keeps up while there is space: " + errBytes);
                assertEquals(1.0, scrape(registry, "tcpswarm_monitor_store_up"), 0.0);

                fill(filler);
                // the store's next batch fails: the gauge says so, and the queue grows with what waits
                await(() -> scrapeOrNaN(registry, "tcpswarm_monitor_store_up") == 0.0, 10, "store_up 0: " + errBytes);
                double queued1 = scrape(registry, "tcpswarm_monitor_store_queued_rows");
                Thread.sleep(1500);
                double queued2 = scrape(registry, "tcpswarm_monitor_store_queued_rows");
                assertTrue(queued2 > queued1 && queued2 > 50, "the queue gauge follows the rows that wait: " + queued1
                        + " then " + queued2);
                Thread.sleep(5000); // more tables lost, and the queue reaches its bound (1000 rows at 200 a second)
                assertEquals(0.0, scrape(registry, "tcpswarm_monitor_store_up"), 0.0, "still failing");

                Files.delete(filler); // the space comes back
                await(() -> errBytes.toString(StandardCharsets.UTF_8).contains("store: writing again after ")
                        && errBytes.toString(StandardCharsets.UTF_8).contains("writing " + logs), 15,
                        "both recover: " + errBytes);
                await(() -> scrapeOrNaN(registry, "tcpswarm_monitor_store_up") == 1.0, 10, "store_up 1 again");
                Thread.sleep(1500);
            } finally {
                monitor.close();
                store.close();
                Files.deleteIfExists(filler);
            }

            String errText = errBytes.toString(StandardCharsets.UTF_8);
            // the daily table: whole rows only, and every row printed is in the file or counted as lost
            List<Path> tables;
            try (var files = Files.list(logs)) {
                tables = files.filter(f -> f.getFileName().toString().startsWith("tcp_stats_")).sorted().toList();
            }
            long inFile = 0;
            for (Path t : tables) {
                for (String line : Files.readAllLines(t)) {
                    if (line.equals(DailyTable.HEADER)) {
                        continue;
                    }
                    assertTrue(ROW.matcher(line).matches(), "a whole row: [" + line + "]");
                    inFile++;
                }
            }
            long printed = outBytes.toString(StandardCharsets.UTF_8).lines().filter(l -> ROW.matcher(l).matches()).count();
            double lostRows = scrape(registry, "tcpswarm_monitor_log_lost_lines_total{file=\"tcp_stats\"}");
            assertTrue(lostRows >= 2 * SERVICES, "tables were lost while the disk was full: " + lostRows);
            assertEquals(printed, inFile + (long) lostRows, "every row is in the file or counted as lost");
            assertEquals(1, count(errText, "cannot write " + logs.resolve("tcp_stats_")), "said once: " + errText);
            assertEquals(1, count(errText, "writing " + logs.resolve("tcp_stats_")), "recovery said once: " + errText);
            assertTrue(errText.contains(" again after ") && errText.contains((long) lostRows + " rows lost meanwhile"),
                    "the recovery says what was lost: " + errText);

            // the store: every row is stored or counted as dropped; the episode said once each way
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                long stored = StoreHistoryTest.count(s, "SELECT count(*) FROM probe")
                        + StoreHistoryTest.count(s, "SELECT count(*) FROM state_change");
                assertEquals(counting.probes.get() + counting.changes.get(), stored + writer.droppedRows(),
                        "every row is stored or counted as dropped");
            }
            assertTrue(writer.droppedRows() > 0, "the queue's bound was reached");
            assertEquals((double) writer.droppedRows(), scrape(registry, "tcpswarm_monitor_store_dropped_rows_total"), 0.0);
            assertTrue(scrape(registry, "tcpswarm_monitor_store_errors_total{code=\"SQLITE_FULL\"}") >= 1, "counted by code");
            assertEquals(1, count(errText, "store: cannot write to " + db + ": "), errText);
            assertEquals(1, count(errText, "store: writing again after "), errText);
            assertEquals(1, count(errText, "rows are waiting for the disk"), errText);
        }
    }

    /** Writes {@code filler} until the disk is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream o = Files.newOutputStream(filler)) {
            while (true) {
                o.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static void mountOrFail(Path at) throws Exception {
        String[] r = exec("mount", "-t", "tmpfs", "-o", "size=1m", "tcpswarm-store-full", at.toString());
        if (!r[0].equals("0")) {
            String why = "cannot mount a tmpfs here (" + r[1].strip() + ")";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why + ": CI must run this test as root");
            }
            Assumptions.abort(why);
        }
    }

    private static String[] exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", command));
        return new String[] {String.valueOf(p.exitValue()), text};
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static double scrapeOrNaN(PrometheusRegistry registry, String series) {
        try {
            return scrape(registry, series);
        } catch (Exception | AssertionError e) {
            return Double.NaN;
        }
    }

    private static double scrape(PrometheusRegistry registry, String series) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(o, registry.scrape());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(o.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), series + " in " + o);
        return Double.parseDouble(m.group(1));
    }
}
