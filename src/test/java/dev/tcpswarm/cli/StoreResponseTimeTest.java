package dev.tcpswarm.cli;

import static dev.tcpswarm.cli.StoreTlsLatencyTest.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.store.OldSchemas;
import dev.tcpswarm.store.StoreExtension;
import dev.tcpswarm.store.StoreReader;
import dev.tcpswarm.store.StoreSection;
import dev.tcpswarm.store.StoreWriter;
import dev.tcpswarm.web.StatusApi;
import dev.tcpswarm.web.StatusBoard;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.IntCountsHistogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation's response time in the rollups, so that {@code monitor report} and the API's
 * history give its percentiles beyond the current minute, as they do the connect's and the TLS
 * handshake's. A store as v5 wrote it (response times per probe, none in the rollups) is migrated on
 * open: a minute whose probes are all still kept gets its response percentiles, one whose raw probes
 * were partly pruned keeps its rollup as it was. Then real probes, the engine's conversation against
 * the built-in echo server, are stored, and the report gives the percentiles of every response time
 * the rollups hold.
 */
class StoreResponseTimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void responseTimesReachTheRollupsTheReportAndTheHistory() throws Exception {
        ZoneId zone = ZoneId.systemDefault();
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 1, 10, 0), zone);
        long kept = clock.epochMillis() - 7_200_000; // a whole minute, two hours before: all its probes kept
        long pruned = clock.epochMillis() - 3_600_000; // its rollup counts 3 probes, 2 of them still kept
        long before = clock.epochMillis() - 5_400_000; // probed before v5: no response times
        // cache's probe all kept, but another service's rollup of the same minute counts one more
        // probe than is left: rolling the minute up again would rewrite that one too, so neither changes
        long mixed = clock.epochMillis() - 9_000_000;
        Path db = dir.resolve("v5.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String sql : OldSchemas.V5) {
                s.execute(sql);
            }
            s.execute("INSERT INTO target (id, name, kind) VALUES (1, 'cache', 'service')");
            s.execute("INSERT INTO target (id, name, kind) VALUES (2, 'other', 'service')");
            s.execute("INSERT INTO probe (t, target, outcome, connect_us, response_us) VALUES (" + mixed
                    + ", 1, 0, 50, 700)");
            s.execute("INSERT INTO probe (t, target, outcome, connect_us, response_us) VALUES (" + mixed
                    + ", 2, 0, 50, 800)");
            s.execute("INSERT INTO rollup (target, minute, probes, failures, p50_us, p95_us, p99_us, histogram)"
                    + " VALUES (1, " + mixed + ", 1, 0, 50, 50, 50, NULL), (2, " + mixed + ", 2, 0, 50, 50, 50, NULL)");
            long[][] probes = {{kept, 100}, {kept + 10_000, 200}, {kept + 20_000, 300}, {pruned + 10_000, 400},
                {pruned + 20_000, 500}};
            for (long[] p : probes) {
                s.execute("INSERT INTO probe (t, target, outcome, connect_us, response_us) VALUES (" + p[0] + ", 1, 0, 50, "
                        + p[1] + ")");
            }
            s.execute("INSERT INTO probe (t, target, outcome, connect_us) VALUES (" + before + ", 1, 0, 50)");
            for (long[] r : new long[][] {{kept, 3}, {pruned, 3}, {before, 1}}) {
                s.execute("INSERT INTO rollup (target, minute, probes, failures, p50_us, p95_us, p99_us, histogram)"
                        + " VALUES (1, " + r[0] + ", " + r[1] + ", 0, 50, 50, 50, NULL)");
            }
        }

        List<Long> responseMicros = new ArrayList<>();
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newEventLoopGroup(1, "store-response-test");
        ExecutorService resolver = Executors.newSingleThreadExecutor();
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("m.yaml", """
                    services:
                      - name: cache
                        address: "127.0.0.1:%d"
                        steps:
                          - send: 'PING\\r\\n'
                          - expect: '^PING\\r\\n'
                    store: {path: "%s"}
                    """.formatted(echo.port(), db));
            MonitorExtension.Attachment store = new StoreExtension().attach(
                    new MonitorExtension.Context(config, clock, null, System.err));
            MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(store.sinks().get(0)));
            core.start();
            ProbeDialer dialer = new ProbeDialer(transport, resolver);
            for (int i = 0; i < 5; i++) {
                CompletableFuture<ProbeReading> done = new CompletableFuture<>();
                dialer.probe(group.next(), config.service("cache").orElseThrow().probeRequest(), done::complete);
                ProbeResult r = ProbeResult.of("cache", 0, 0, clock.epochMillis(), done.get(20, TimeUnit.SECONDS));
                assertTrue(r.open(), r.outcome() + " " + r.detail());
                assertTrue(r.responseNanos() > 0, "answered");
                responseMicros.add(PeriodStats.connectMicros(r.responseNanos()));
                core.onResult(r);
                clock.advance(10, TimeUnit.SECONDS);
                core.tick();
            }
            clock.advance(2, TimeUnit.MINUTES); // the probes' minute is over: the writer rolls it up
            core.tick();
            core.finish();
            ((StoreWriter) store.sinks().get(0)).flush(10_000);
            store.close();
        } finally {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
            resolver.shutdownNow();
        }

        IntCountsHistogram keptMinute = histogram(100, 200, 300);
        IntCountsHistogram newMinute = histogram(responseMicros.stream().mapToLong(Long::longValue).toArray());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(List.of(6L), column(s, "PRAGMA user_version"));
            assertEquals(List.of(keptMinute.getValueAtPercentile(50), keptMinute.getValueAtPercentile(99)),
                    column(s, "SELECT response_p50_us FROM rollup WHERE minute = " + kept
                            + " UNION ALL SELECT response_p99_us FROM rollup WHERE minute = " + kept),
                    "the migration rolled the whole minute up again, with its response times");
            assertEquals(List.of(3L, -2L), column(s, "SELECT probes FROM rollup WHERE minute = " + pruned
                    + " UNION ALL SELECT coalesce(response_p50_us, -2) FROM rollup WHERE minute = " + pruned),
                    "a partly pruned minute keeps its count, and gets no response times from what is left of it");
            assertEquals(List.of(-2L), column(s, "SELECT coalesce(response_p50_us, -2) FROM rollup WHERE minute = "
                    + before), "probed before v5");
            assertEquals(List.of(1L, -2L, 2L, -2L), column(s, "SELECT probes FROM rollup WHERE minute = " + mixed
                    + " AND target = 1 UNION ALL SELECT coalesce(response_p50_us, -2) FROM rollup WHERE minute = " + mixed
                    + " AND target = 1 UNION ALL SELECT probes FROM rollup WHERE minute = " + mixed
                    + " AND target = 2 UNION ALL SELECT coalesce(response_p50_us, -2) FROM rollup WHERE minute = " + mixed
                    + " AND target = 2"), "a minute partly pruned for one service is left alone for all");
            assertEquals(List.of(newMinute.getValueAtPercentile(50)), column(s,
                    "SELECT response_p50_us FROM rollup WHERE minute >= " + (clock.epochMillis() - 180_000)),
                    "the new minute's rollup, from the writer");
        }

        IntCountsHistogram all = histogram(100, 200, 300);
        all.add(newMinute);
        Cli.Outcome report = Cli.run("monitor", "report", "--store", db.toString(), "--json");
        assertEquals(0, report.exit(), report.err());
        JsonNode r = JSON.readTree(report.out());
        assertEquals(13, r.at("/services/0/probes").asInt(), "1 + 3 + 3 + 1 from v5, 5 new: " + report.out());
        assertEquals("other", r.at("/services/1/name").asText(), report.out());
        assertEquals(2, r.at("/services/1/probes").asInt(), report.out());
        assertTrue(r.at("/services/1/response_p50_ms").isNull(), "its one minute was left alone: " + report.out());
        assertEquals(all.getValueAtPercentile(50) / 1000.0, r.at("/services/0/response_p50_ms").asDouble(), 1e-9,
                report.out());
        assertEquals(all.getValueAtPercentile(95) / 1000.0, r.at("/services/0/response_p95_ms").asDouble(), 1e-9,
                report.out());
        assertEquals(all.getValueAtPercentile(99) / 1000.0, r.at("/services/0/response_p99_ms").asDouble(), 1e-9,
                report.out());
        assertTrue(r.at("/services/0/tls_p50_ms").isNull(), "no TLS: " + report.out());
        Cli.Outcome text = Cli.run("monitor", "report", "--store", db.toString());
        assertTrue(text.out().contains("|       p99 |  Resp p50 |  Resp p95 |  Resp p99"), text.out());
        assertTrue(!text.out().contains("TLS p50"), "no TLS columns without TLS: " + text.out());

        try (StoreReader reader = StoreReader.open(db, false)) {
            StatusApi api = new StatusApi(new StatusBoard(Resume.NONE), reader, clock);
            ObjectNode h = api.history("cache", String.valueOf(kept), String.valueOf(clock.epochMillis()));
            JsonNode minutes = h.get("minutes");
            assertEquals(minutes.get("time").size(), minutes.get("response_p50_ms").size(), h.toString());
            assertEquals(4, minutes.get("time").size(), h.toString());
            assertEquals(keptMinute.getValueAtPercentile(50) / 1000.0, minutes.at("/response_p50_ms/0").asDouble(),
                    1e-9, h.toString());
            assertTrue(minutes.at("/response_p50_ms/1").isNull(), "probed before v5: " + h);
            assertTrue(minutes.at("/response_p50_ms/2").isNull(), "partly pruned: " + h);
            assertEquals(newMinute.getValueAtPercentile(95) / 1000.0, minutes.at("/response_p95_ms/3").asDouble(),
                    1e-9, h.toString());
        }
    }

    private static IntCountsHistogram histogram(long... micros) {
        IntCountsHistogram h = PeriodStats.newConnectMicros();
        Arrays.stream(micros).forEach(h::recordValue);
        return h;
    }
}
