package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.Transport;
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
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that does not take the writes: another process's connection holds the store's write lock
 * (as a slow or stalled disk would hold the writer) while the real monitor probes a real server 500
 * times a second. Probing and the pipeline go on at their pace, the writer's queue stays at its
 * bound, the rows past it are dropped, counted (in the metric too) and said once; when the lock is
 * released the writer catches up, and every row is either in the store or counted as dropped.
 */
@Timeout(60)
class StoreSlowDiskTest {
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
    void aLockedStoreDropsAndCountsRowsWhileProbingGoesOn() throws Exception {
        Path db = dir.resolve("slow.db");
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        PrometheusRegistry registry = new PrometheusRegistry();
        Counting counting = new Counting();
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            StringBuilder yaml = new StringBuilder("defaults: {interval: 10ms, timeout: 1s}\nservices:\n");
            for (int i = 0; i < 5; i++) {
                yaml.append("  - {name: s").append(i).append(", address: \"127.0.0.1:").append(server.port()).append("\"}\n");
            }
            yaml.append("store: {path: \"").append(db).append("\", queue: 1000}\n");
            MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("slow.yaml", yaml.toString());
            MonitorExtension.Attachment store = new StoreExtension().attach(
                    new MonitorExtension.Context(config, MonitorClock.SYSTEM, registry, err));
            StoreWriter writer = (StoreWriter) store.sinks().get(0);
            List<MonitorListener> sinks = List.of(counting, writer);
            Monitor monitor = new Monitor(config, MonitorClock.SYSTEM, Transport.detect(), 1, new PrintStream(
                    new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), err, null, sinks);
            try {
                monitor.start();
                Thread.sleep(1000);
                assertTrue(writer.flush(5000), "the writer keeps up while the disk does");
                long lockedAtProbes = counting.probes.get();
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                        Statement s = other.createStatement()) {
                    s.execute("BEGIN IMMEDIATE"); // holds the write lock: the writer cannot commit
                    long t0 = System.nanoTime();
                    Thread.sleep(3500);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    long probedWhileLocked = counting.probes.get() - lockedAtProbes;
                    assertTrue(probedWhileLocked >= 0.5 * seconds * 500, "probing and the pipeline go on at their pace "
                            + "(500 a second planned): " + probedWhileLocked + " in " + seconds + " s");
                    assertEquals(1000, writer.queuedRows(), "the queue stays at its bound");
                    assertTrue(writer.droppedRows() > 0, "rows past the bound are dropped");
                    s.execute("ROLLBACK");
                }
                monitor.close();
                assertTrue(writer.flush(15_000), "the writer catches up once the lock is gone: " + errBytes);
                long dropped = writer.droppedRows();
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                    long stored = StoreHistoryTest.count(s, "SELECT count(*) FROM probe")
                            + StoreHistoryTest.count(s, "SELECT count(*) FROM state_change");
                    assertEquals(counting.probes.get() + counting.changes.get(), stored + dropped,
                            "every row is stored or counted as dropped");
                }
                assertEquals((double) dropped, scrape(registry, "tcpswarm_monitor_store_dropped_rows_total"), 0.0);
                String errText = errBytes.toString(StandardCharsets.UTF_8);
                assertEquals(1, count(errText, "rows are waiting for the disk"), "said once: " + errText);
                assertEquals(1, count(errText, "store: cannot write to " + db + ": "), errText);
                assertEquals(1, count(errText, "store: writing again after "), errText);
            } finally {
                monitor.close();
                store.close();
            }
        }
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static double scrape(PrometheusRegistry registry, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), name + " in " + out);
        return Double.parseDouble(m.group(1));
    }
}
