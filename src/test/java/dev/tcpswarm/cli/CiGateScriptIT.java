package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * examples/ci-gate.sh, run with bash on the packaged jar as a user would run it: it starts the
 * service, gates on thresholds, leaves result.json and result.xml, stops the service whatever the
 * outcome, and exits with tcpswarm's exit code.
 */
class CiGateScriptIT {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) mode hold");

    @TempDir
    Path dir;

    private record Script(int exit, String output) {
    }

    private Script run(String connections, String... extraArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "examples/ci-gate.sh"));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.out").toFile());
        pb.environment().put("TCPSWARM_JAR", JarProcess.jar().toAbsolutePath().toString());
        pb.environment().put("RESULT_DIR", dir.toString());
        pb.environment().put("CONNECTIONS", connections);
        pb.environment().put("P99_LIMIT", "5s"); // generous: a busy build machine, two cold JVMs
        pb.environment().put("CI", "true");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("ci-gate.sh still running after 180 s:\n" + output());
        }
        return new Script(p.exitValue(), output());
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("script.out"), StandardCharsets.UTF_8);
    }

    /** The service's port, from its first line, and checks that it no longer listens. */
    private void assertServiceStopped() throws IOException {
        List<String> log = Files.readAllLines(dir.resolve("service.log"));
        Matcher m = LISTENING.matcher(log.get(0));
        assertTrue(m.matches(), "first line: " + log.get(0));
        int port = Integer.parseInt(m.group(1));
        assertTrue(log.get(log.size() - 1).startsWith("accepted: "), "serve's final status line: " + log);
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }, "the script stopped the service on port " + port);
    }

    @Test
    void aPassingGateExitsZeroAndLeavesTheResults() throws Exception {
        Script s = run("2000");
        assertEquals(0, s.exit(), s.output());
        assertTrue(s.output().contains("ci-gate: tcpswarm exited with 0"), s.output());

        JsonNode r = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertEquals(0, r.at("/exit_code").asInt());
        assertEquals(2000, r.at("/established_total").asLong(), r.toString());
        assertEquals(1000.0, r.at("/settings/rate_per_second").asDouble(), 1e-9);
        assertEquals(3, r.at("/thresholds").size());
        for (JsonNode t : r.at("/thresholds")) {
            assertTrue(t.at("/passed").asBoolean(), t.toString());
        }

        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("result.xml").toFile()).getDocumentElement();
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));

        List<String> log = Files.readAllLines(dir.resolve("service.log"));
        assertTrue(log.get(log.size() - 1).startsWith("accepted: 2000, "), "the service saw every connection: " + log);
        assertServiceStopped();
    }

    @Test
    void aFailingGateExitsWithTcpswarmsCodeAndStillLeavesTheResults() throws Exception {
        Script s = run("200", "--threshold", "avg<1us");
        assertEquals(3, s.exit(), s.output());
        JsonNode r = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertEquals(3, r.at("/exit_code").asInt());
        assertEquals(4, r.at("/thresholds").size());
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("result.xml").toFile()).getDocumentElement();
        assertEquals("1", suite.getAttribute("failures"));
        assertServiceStopped();
    }
}
