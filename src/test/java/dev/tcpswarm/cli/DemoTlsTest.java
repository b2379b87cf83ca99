package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpswarm demo --tls}: the built-in server speaks TLS with a self-signed certificate made at
 * start, the run trusts that one certificate (a temporary --ca file, deleted at the end) and verifies
 * it as any server's: every handshake completes, and the report names the certificate.
 */
class DemoTlsTest {
    @TempDir
    Path dir;

    @Test
    void theDemoRunsOverVerifiedTls() throws Exception {
        Path json = dir.resolve("demo.json");
        Cli.Outcome o = Cli.run("demo", "--tls", "-c", "60", "--json", json.toString());
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(o.out().matches("(?s)demo: built-in server listening on 127\\.0\\.0\\.1:\\d+ \\(mode hold; tls: "
                + "self-signed CN=localhost, SHA-256 [0-9A-F:]{95}, not after [^)]+\\)\\n.*"), o.out());
        Matcher ca = Pattern.compile("(?m)^demo: tcpswarm run 127\\.0\\.0\\.1 \\d+ --tls .*--ca (\\S+)").matcher(o.out());
        assertTrue(ca.find(), o.out());
        assertFalse(Files.exists(Path.of(ca.group(1))), "the demo's --ca file is removed at the end");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals(60, r.at("/tls/handshakes_completed").asLong(), r.toString());
        assertEquals(0, r.at("/tls/handshakes_failed").asLong());
        assertEquals("CN=localhost", r.at("/tls/certificate/subject").asText());
        assertTrue(o.out().contains("TLS handshakes: 60 completed, 0 failed"), o.out());
        assertTrue(o.out().contains("demo: the server counted accepted: 60,"), o.out());
    }
}
