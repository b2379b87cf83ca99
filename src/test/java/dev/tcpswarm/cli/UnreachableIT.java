package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Unreachable" for real, with no traffic anywhere: inside a fresh network namespace whose loopback
 * is down, 127.0.0.1 has no route. Every connection is an Error with reason unreachable, and Netty's
 * complaints about the missing interfaces stay off stderr.
 */
class UnreachableIT {
    private Kernel.Namespace namespace;

    @BeforeEach
    void createNamespace() throws Exception {
        namespace = Kernel.Namespace.create("unreach", false); // loopback down: no route anywhere
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void noRouteIsUnreachable() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", namespace.name,
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JarProcess.jar().toAbsolutePath().toString(), "127.0.0.1", "80", "-c", "5", "-s", "0", "-y", "--output", "json")
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        JsonNode r = new ObjectMapper().readTree(out);
        assertEquals(5, r.at("/errors_by_reason/unreachable").asLong(), r.toString());
        assertTrue(err.isBlank(), "stderr: " + err);
    }
}
