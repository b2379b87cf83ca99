package dev.tcpswarm.engine.tls;

import static dev.tcpswarm.report.IntervalFileReads.columnSum;
import static dev.tcpswarm.report.IntervalFileReads.csv;
import static dev.tcpswarm.report.IntervalFileReads.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.cli.TcpSwarm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS handshake latency in the interval files and in {@code merge}, and the protocol ALPN
 * chose: runs with {@code --tls} against nginx and openssl s_server on loopback, with certificates
 * made by the test. Each shard's CSV has the handshake's columns and its HDR log the {@code tls}
 * histogram, both adding up to the handshakes its result counts; merging the shards adds their
 * handshake histograms exactly and their TLS reasons, as one run of the whole plan.
 */
class TlsFilesAndMergeTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.in(dir.resolve("pki"));
    }

    record Outcome(int exit, String out, String err) {
    }

    private static Outcome tcpswarm(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TcpSwarm.execute(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(new String[0]));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Shard {@code i} of 2 of a TLS run of {@code connections} at {@code port}; its files are {@code name-i.*}. */
    private static Outcome shard(String name, int i, int port, int connections, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "localhost:" + port, "-s", "0", "-y", "-c",
                String.valueOf(connections), "--shard", i + "/2", "--tls", "--ca", certs.ca().toString(),
                "--dial-timeout", "30s", "-i", "100ms", "--json", file(name, i, "json").toString(), "--hdr-log",
                file(name, i, "hlog").toString(), "--csv", file(name, i, "csv").toString()));
        args.addAll(List.of(extra));
        return tcpswarm(args);
    }

    private static Path file(String name, int i, String ext) {
        return dir.resolve(name + "-" + i + "." + ext);
    }

    private static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void eachShardsFilesHoldItsHandshakesAndTheMergeAddsThemExactly() throws Exception {
        JsonNode[] shards = new JsonNode[2];
        try (NginxTls nginx = NginxTls.start(dir, certs.valid(), 1, false)) {
            for (int i = 0; i < 2; i++) {
                Outcome o = shard("ok", i, nginx.port(), 120);
                assertEquals(0, o.exit(), o.out() + o.err());
                shards[i] = json(file("ok", i, "json"));
            }
        }
        Histogram both = new Histogram(3);
        for (int i = 0; i < 2; i++) {
            long completed = shards[i].at("/tls/handshakes_completed").asLong();
            assertEquals(60, completed, shards[i].get("tls").toString());
            List<List<String>> rows = csv(file("ok", i, "csv"));
            assertEquals(List.of("handshakes_in_interval", "tls_p50_ms", "tls_p99_ms"),
                    rows.get(0).subList(rows.get(0).size() - 3, rows.get(0).size()), "the CSV's TLS columns, last");
            assertEquals(completed, columnSum(rows, "handshakes_in_interval"));
            Histogram tls = tagged(file("ok", i, "hlog"), "tls");
            assertEquals(completed, tls.getTotalCount(), "the log's tls histograms hold every handshake");
            assertEquals(shards[i].at("/tls/handshake_latency_ms/max").asDouble(), tls.getMaxValue() / 1000.0, 0.01);
            assertEquals(60, tagged(file("ok", i, "hlog"), null).getTotalCount(), "the untagged: the TCP connects");
            both.add(tls);
        }

        Path mergedJson = dir.resolve("ok-merged.json");
        Path mergedCsv = dir.resolve("ok-merged.csv");
        Path mergedLog = dir.resolve("ok-merged.hlog");
        List<String> args = new ArrayList<>(List.of("merge"));
        for (int i = 0; i < 2; i++) {
            args.addAll(List.of(file("ok", i, "json").toString(), file("ok", i, "hlog").toString()));
        }
        args.addAll(List.of("--json", mergedJson.toString(), "--csv", mergedCsv.toString(), "--hdr-log",
                mergedLog.toString(), "--threshold", "tls_p(99)<60s", "--threshold", "errors_tls==0"));
        Outcome merged = tcpswarm(args);
        assertEquals(0, merged.exit(), merged.out() + merged.err());
        JsonNode m = json(mergedJson);
        assertEquals(120, m.at("/tls/handshakes_completed").asLong(), m.toString());
        assertEquals(0, m.at("/tls/handshakes_failed").asLong());
        assertEquals(120, m.at("/tls/handshake_latency_ms/count").asLong());
        assertEquals(both.getValueAtPercentile(99) / 1000.0, m.at("/tls/handshake_latency_ms/p99").asDouble(), 1e-9,
                "the merged p99 is the p99 of both shards' handshakes together");
        assertEquals(both.getMaxValue() / 1000.0, m.at("/tls/handshake_latency_ms/max").asDouble(), 1e-9);
        assertEquals(shards[0].at("/tls/protocol").asText(), m.at("/tls/protocol").asText());
        assertEquals(shards[0].at("/tls/certificate"), m.at("/tls/certificate"));
        assertEquals(0, m.at("/errors_by_reason/tls_expired").asLong(-1), "a TLS run lists the TLS reasons");
        assertTrue(merged.out().contains("TLS handshakes: 120 completed, 0 failed"), merged.out());
        assertEquals(both.getValueAtPercentile(99) / 1000.0, m.at("/thresholds/0/measured").asDouble() / 1000, 1e-9);
        assertEquals(120, columnSum(csv(mergedCsv), "handshakes_in_interval"));
        assertEquals(120, tagged(mergedLog, "tls").getTotalCount());
    }

    @Test
    void theMergeAddsTheShardsTlsReasons() throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, certs.expired())) {
            for (int i = 0; i < 2; i++) {
                Outcome o = shard("expired", i, server.port(), 20);
                assertEquals(2, o.exit(), o.out() + o.err());
            }
        }
        Path mergedJson = dir.resolve("expired-merged.json");
        Outcome merged = tcpswarm(List.of("merge", file("expired", 0, "json").toString(),
                file("expired", 0, "hlog").toString(), file("expired", 1, "json").toString(),
                file("expired", 1, "hlog").toString(), "--json", mergedJson.toString(), "--threshold",
                "errors_tls_expired<20"));
        assertEquals(3, merged.exit(), merged.out() + merged.err());
        JsonNode m = json(mergedJson);
        assertEquals(20, m.at("/errors_by_reason/tls_expired").asLong(-1), m.get("errors_by_reason").toString());
        assertEquals(20, m.at("/tls/handshakes_failed").asLong(-1));
        assertEquals(0, m.at("/tls/handshakes_completed").asLong(-1));
        assertTrue(m.at("/tls/protocol").isNull(), "no handshake completed: no session");
        assertEquals(20, m.at("/thresholds/0/measured").asLong());
        assertTrue(merged.out().contains("tls: certificate expired 20"), merged.out());
    }

    @Test
    void theProtocolAlpnChoseIsReported() throws Exception {
        Path result = dir.resolve("alpn.json");
        Outcome o;
        try (OpensslServer server = OpensslServer.start(dir, certs.valid(), "-alpn", "h2,http/1.1")) {
            o = tcpswarm(List.of("run", "localhost:" + server.port(), "-y", "-c", "1", "--tls", "--ca",
                    certs.ca().toString(), "--alpn", "h2,http/1.1", "--json", result.toString()));
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        assertEquals("h2", json(result).at("/tls/alpn").asText(), json(result).get("tls").toString());
        assertTrue(o.out().matches("(?s).*\\nTLS session: TLSv1\\.3, TLS_[A-Z0-9_]+, ALPN h2 \\(openssl provider\\)\\n.*"),
                o.out());

        Path none = dir.resolve("no-alpn.json");
        try (OpensslServer server = OpensslServer.start(dir, certs.valid())) {
            o = tcpswarm(List.of("run", "localhost:" + server.port(), "-y", "-c", "1", "--tls", "--ca",
                    certs.ca().toString(), "--json", none.toString()));
        }
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(json(none).at("/tls/alpn").isNull(), "none offered: null");
    }
}
