package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.tls.OpensslServer;
import dev.tcpswarm.engine.tls.TestCertificates;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.store.StoreExtension;
import dev.tcpswarm.store.StoreReader;
import dev.tcpswarm.store.StoreSection;
import dev.tcpswarm.store.StoreWriter;
import dev.tcpswarm.web.StatusApi;
import dev.tcpswarm.web.StatusBoard;
import io.netty.channel.EventLoopGroup;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.IntCountsHistogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS handshake's time in the store, apart from the connect's: a store as v3 wrote it (no
 * handshake column, an hour-old probe and its rollup) is migrated on open, keeps its rows, and then
 * takes real TLS probes (the engine's, against openssl s_server) and plain ones; each TLS probe's
 * handshake time is stored as its reading said, the plain ones have none, and the API's history and
 * {@code monitor report} give the handshake percentiles apart from the connect's.
 */
class StoreTlsLatencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    @Test
    void anOldStoreMigratesAndKeepsTheHandshakeTimeApartFromTheConnect() throws Exception {
        ZoneId zone = ZoneId.systemDefault();
        ManualClock clock = new ManualClock(LocalDateTime.of(2026, 12, 7, 10, 0), zone);
        long oldProbe = clock.epochMillis() - 3_600_000; // a whole minute, an hour before
        Path db = dir.resolve("v3.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String sql : dev.tcpswarm.store.OldSchemas.V3) {
                s.execute(sql);
            }
            s.execute("INSERT INTO target (id, name, kind) VALUES (1, 'api', 'service')");
            s.execute("INSERT INTO probe VALUES (" + oldProbe + ", 1, 0, 1500)");
            s.execute("INSERT INTO rollup (target, minute, probes, failures, p50_us, p95_us, p99_us, histogram)"
                    + " VALUES (1, " + oldProbe + ", 1, 0, 1500, 1500, 1500, NULL)");
        }

        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newEventLoopGroup(1, "store-tls-test");
        ExecutorService resolver = Executors.newSingleThreadExecutor();
        List<Long> tlsMicros = new ArrayList<>();
        List<Long> connectMicros = new ArrayList<>();
        try (OpensslServer server = OpensslServer.start(dir, certs.valid());
                ServerSocket plain = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            MonitorConfig config = new ConfigReader(List.of(StoreSection.INSTANCE)).read("m.yaml", """
                    services:
                      - name: api
                        address: "localhost:%d"
                        tls: {ca_file: "%s"}
                      - {name: plain, address: "127.0.0.1:%d"}
                    store: {path: "%s"}
                    """.formatted(server.port(), certs.ca(), plain.getLocalPort(), db));
            MonitorExtension.Attachment store = new StoreExtension().attach(
                    new MonitorExtension.Context(config, clock, null, System.err));
            MonitorCore core = new MonitorCore(config, clock, new Listeners(System.err).add(store.sinks().get(0)));
            core.start();
            ProbeDialer dialer = new ProbeDialer(transport, resolver);
            for (int i = 0; i < 5; i++) {
                for (String name : List.of("api", "plain")) {
                    CompletableFuture<ProbeReading> done = new CompletableFuture<>();
                    dialer.probe(group.next(), config.service(name).orElseThrow().probeRequest(), done::complete);
                    ProbeResult r = ProbeResult.of(name, 0, 0, clock.epochMillis(), done.get(20, TimeUnit.SECONDS));
                    assertTrue(r.open(), name + ": " + r.outcome() + " " + r.detail());
                    if (name.equals("api")) {
                        assertTrue(r.tlsNanos() > 0, "a completed handshake");
                        tlsMicros.add(PeriodStats.connectMicros(r.tlsNanos()));
                        connectMicros.add(PeriodStats.connectMicros(r.connectNanos()));
                    } else {
                        assertEquals(-1, r.tlsNanos(), "no TLS");
                    }
                    core.onResult(r);
                }
                clock.advance(10, TimeUnit.SECONDS);
                core.tick();
            }
            core.finish();
            ((StoreWriter) store.sinks().get(0)).flush(10_000);
            store.close();
        } finally {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
            resolver.shutdownNow();
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(List.of(-2L), column(s, "SELECT coalesce(tls_us, -2) FROM probe WHERE t = " + oldProbe),
                    "the old probe is kept, without a handshake");
            assertEquals(List.of(1500L), column(s, "SELECT connect_us FROM probe WHERE t = " + oldProbe));
            assertEquals(tlsMicros, column(s, "SELECT tls_us FROM probe WHERE target = 1 AND t > " + oldProbe
                    + " ORDER BY t"), "each TLS probe's handshake time, as its reading said");
            assertEquals(connectMicros, column(s, "SELECT connect_us FROM probe WHERE target = 1 AND t > " + oldProbe
                    + " ORDER BY t"), "and its connect time apart");
            assertEquals(List.of(5L), column(s, "SELECT count(*) FROM probe p JOIN target g ON g.id = p.target"
                    + " WHERE g.name = 'plain' AND p.tls_us IS NULL AND p.connect_us IS NOT NULL"), "plain: no handshake");
            assertEquals(List.of(6L), column(s, "PRAGMA user_version"));
        }
        assertNotEquals(tlsMicros, connectMicros, "the two latencies are not one");

        IntCountsHistogram want = PeriodStats.newConnectMicros();
        tlsMicros.forEach(want::recordValue);
        double wantP50 = want.getValueAtPercentile(50) / 1000.0;
        double wantP99 = want.getValueAtPercentile(99) / 1000.0;
        IntCountsHistogram wantConnect = PeriodStats.newConnectMicros();
        connectMicros.forEach(wantConnect::recordValue);
        wantConnect.recordValue(1500);

        Cli.Outcome report = Cli.run("monitor", "report", "--store", db.toString(), "--json");
        assertEquals(0, report.exit(), report.err());
        JsonNode r = JSON.readTree(report.out());
        assertEquals("api", r.at("/services/0/name").asText(), report.out());
        assertEquals(6, r.at("/services/0/probes").asInt(), "the old probe and the five new ones");
        assertEquals(wantP50, r.at("/services/0/tls_p50_ms").asDouble(), 1e-9, report.out());
        assertEquals(wantP99, r.at("/services/0/tls_p99_ms").asDouble(), 1e-9, report.out());
        assertEquals(wantConnect.getValueAtPercentile(50) / 1000.0, r.at("/services/0/p50_ms").asDouble(), 1e-9,
                "the connect's percentiles hold the connect times only (the old probe's with them)");
        assertTrue(r.at("/services/1/tls_p50_ms").isNull(), "plain: no handshake " + report.out());
        Cli.Outcome text = Cli.run("monitor", "report", "--store", db.toString());
        assertTrue(text.out().contains("|   TLS p50 |   TLS p95 |   TLS p99"), text.out());

        try (StoreReader reader = StoreReader.open(db, false)) {
            StatusApi api = new StatusApi(new StatusBoard(Resume.NONE), reader, clock);
            ObjectNode h = api.history("api", String.valueOf(oldProbe), String.valueOf(clock.epochMillis()));
            JsonNode minutes = h.get("minutes");
            assertEquals(minutes.get("time").size(), minutes.get("tls_p50_ms").size(), h.toString());
            assertTrue(minutes.at("/tls_p50_ms/0").isNull(), "the old minute has no handshake: " + h);
            assertEquals(1.5, minutes.at("/p50_ms/0").asDouble(), 1e-9, h.toString());
            // the five probes are 10 s apart from a whole minute: that minute holds them all
            assertEquals(want.getValueAtPercentile(50) / 1000.0, minutes.at("/tls_p50_ms/1").asDouble(), 1e-9,
                    h.toString());
            assertEquals(want.getValueAtPercentile(95) / 1000.0, minutes.at("/tls_p95_ms/1").asDouble(), 1e-9,
                    h.toString());
        }
    }

    /** The first column of each row {@code sql} returns. */
    static List<Long> column(Statement s, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
