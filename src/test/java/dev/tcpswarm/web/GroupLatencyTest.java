package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.MonitorMetrics;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.Results;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.store.StoreReader;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's latency, as Kener returns one: the average of its members' last connect times (the
 * members whose last probe opened), in the API's groups and in the metrics.
 */
class GroupLatencyTest {
    @TempDir
    Path dir;

    @Test
    void theAverageOfTheMembersLastConnectTimesInTheApiAndTheMetrics() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 14, 0), ZoneOffset.UTC);
        MonitorConfig config = new ConfigReader(List.of()).read("m.yaml", """
                services:
                  - {name: api, address: "127.0.0.1:1001"}
                  - {name: db, address: "127.0.0.1:1002"}
                groups:
                  - {name: backend, members: [api, db], policy: any}
                """);
        PrometheusRegistry registry = new PrometheusRegistry();
        StatusBoard board = new StatusBoard(Resume.NONE);
        MonitorCore core = new MonitorCore(config, clock,
                new Listeners(System.err).add(board).add(new MonitorMetrics(registry, clock)));
        try (StoreReader reader = StoreReader.open(dir.resolve("s.db"), true)) {
            StatusApi api = new StatusApi(board, reader, clock);
            core.start();
            assertTrue(api.services().at("/groups/0/connect_ms").isNull(), "none before a probe");
            core.onResult(Results.openMicros("api", clock, 2000));
            core.onResult(Results.openMicros("db", clock, 5000));
            ObjectNode both = api.services();
            assertEquals(3.5, both.at("/groups/0/connect_ms").asDouble(), 1e-9, both.toString());
            assertEquals(0.0035, value(registry), 1e-12);
            core.onResult(Results.failed("db", clock, ProbeOutcome.REFUSED));
            assertEquals(2.0, api.services().at("/groups/0/connect_ms").asDouble(), 1e-9, "db has no connect time now");
            assertEquals(0.002, value(registry), 1e-12);
        }
    }

    private static double value(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^tcpswarm_monitor_group_connect_seconds\\{group=\"backend\"\\} (\\S+)$").matcher(text);
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }
}
