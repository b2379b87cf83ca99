package dev.tcpswarm.engine.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.cli.TcpSwarm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ramp --tls} end to end: the most concurrent TLS sessions a real terminator holds. nginx on
 * loopback takes at most 100 client connections (worker_connections 101, its listening socket
 * included); past that it frees slots by closing idle sessions (its "reusable" connections), so a
 * level beyond 100 loses sessions it had completed: the search finds at most 100, at least the 80
 * its last good level held, and each level's handshakes are in the table, the CSV and the JSON.
 */
class RampTlsTest {
    @TempDir
    static Path dir;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rampFindsTheMostConcurrentTlsSessions() throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        Path json = dir.resolve("ramp.json");
        Path csv = dir.resolve("ramp.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (NginxTls nginx = NginxTls.start(dir, certs.valid(), 1, false, 101)) {
            exit = TcpSwarm.execute(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), "ramp", "localhost:" + nginx.port(), "-y",
                    "--tls", "--ca", certs.ca().toString(), "--start", "40", "--step", "+40", "--max", "400",
                    "--level-hold", "300ms", "--cooldown", "200ms", "--precision", "20", "--dial-timeout", "30s",
                    "-i", "0", "--json", json.toString(), "--csv", csv.toString());
        }
        String table = out.toString(StandardCharsets.UTF_8);
        JsonNode r = JSON.readTree(json.toFile());
        int found = r.at("/verdict/max_concurrency").asInt();
        assertTrue(found >= 80 && found <= 100, "nginx holds 100 at most: " + found + "\n" + table + err);
        assertEquals(0, exit, table + err);
        assertEquals(List.of(40, 80, 120), r.get("levels").findValues("target").stream().limit(3).map(JsonNode::asInt)
                .toList(), "ramp levels: 40 and 80 held, 120 is past nginx's limit");
        assertEquals("ramp", r.at("/levels/2/phase").asText());
        assertTrue(!r.at("/levels/2/passed").asBoolean() && r.at("/levels/2/failure").asText().contains("closed by the server"),
                r.at("/levels/2").toString());
        assertTrue(table.lines().anyMatch(l -> l.matches("phase +target .* conn/s +tls p99 ms +result")), table);

        JsonNode first = r.at("/levels/0");
        assertEquals(40, first.at("/added/tls/handshakes_completed").asLong(), first.toString());
        assertEquals(40, first.at("/tls/handshakes_completed").asLong());
        assertEquals(40, first.at("/added/tls/handshake_latency_ms/count").asLong());
        assertEquals("TLSv1.3", first.at("/tls/protocol").asText());
        JsonNode second = r.at("/levels/1");
        assertEquals(40, second.at("/added/tls/handshakes_completed").asLong(), "what level 80 added");
        assertEquals(80, second.at("/tls/handshakes_completed").asLong(), "everything held at level 80");
        assertTrue(table.lines().anyMatch(l -> l.matches("ramp +40 +40 +0 +0 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +pass")),
                "a row has the handshake's p99 before the result: " + table);

        List<String> rows = Files.readAllLines(csv);
        List<String> header = List.of(rows.get(0).split(","));
        for (String column : List.of("errors_tls_closed", "tls_p99_ms", "added_handshakes", "added_handshakes_failed",
                "added_tls_p99_ms")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        assertEquals(r.get("levels").size(), rows.size() - 1);
        List<String> firstRow = List.of(rows.get(1).split(",", -1));
        assertEquals("40", firstRow.get(header.indexOf("added_handshakes")), rows.get(1));
        assertEquals("0", firstRow.get(header.indexOf("added_handshakes_failed")), rows.get(1));
        assertEquals(first.at("/added/tls/handshake_latency_ms/p99").asDouble(),
                Double.parseDouble(firstRow.get(header.indexOf("added_tls_p99_ms"))), 0.0005);
    }
}
