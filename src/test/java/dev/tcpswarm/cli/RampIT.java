package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.web.PageData;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpswarm ramp} as the real jar: a process with a low open-files limit reports a local
 * limit, not the server's capacity; Ctrl-C stops the search, closes everything, prints what was
 * found and exits 1.
 */
class RampIT {
    @TempDir
    Path dir;

    @Test
    void aLowOpenFilesLimitIsReportedAsLocalNotAsTheServersCapacity() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Path json = dir.resolve("ramp.json");
            Path stdout = dir.resolve("stdout.txt");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // ulimit -n lowers the soft and the hard limit, so the JVM cannot raise it again.
            ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", "ulimit -n 400 && exec \"$@\"", "bash", java,
                    "-jar", JarProcess.jar().toString(), "ramp", "127.0.0.1", String.valueOf(server.port()),
                    "--start", "100", "--step", "+100", "--max", "1000", "-s", "0", "--level-hold", "200ms", "-i", "0",
                    "-y", "--json", json.toString()));
            pb.environment().put("CI", "true");
            Process p = JarProcess.runToEnd(pb, stdout, 60);
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("local limit reached at "), out);
            assertTrue(out.contains(": too many open files - not the server's capacity; raise the open-files limit"),
                    out);
            assertTrue(!out.contains("max concurrency:") && !out.contains("no limit found"), out);

            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertEquals("local_limit", doc.at("/verdict/outcome").asText());
            assertEquals("open_files", doc.at("/verdict/local_limit").asText());
            long at = doc.at("/verdict/local_limit_at").asLong();
            assertTrue(at > 100 && at < 400, "open when the limit was reached: " + at);
            assertEquals(1, doc.at("/exit_code").asInt());
            Kernel.awaitEquals(0, server::openNow, 10, "server openNow");
        }
    }

    @Test
    void ctrlCStopsTheSearchClosesEverythingAndTellsWhatWasFound() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess ramp = JarProcess.start("ramp", "127.0.0.1", String.valueOf(server.port()), "--start", "100",
                        "--step", "+100", "--max", "5000", "--rate", "2000", "--level-hold", "500ms", "-i", "0", "-y",
                        "--json", dir.resolve("ramp.json").toString())) {
            ramp.awaitLine("ramp         200 ", 20);
            ramp.signal("INT");
            int exit = ramp.awaitExit(20);
            String out = ramp.stdout();
            assertEquals(1, exit, out + ramp.stderr());
            assertTrue(out.lines().anyMatch(l -> l.matches("interrupted: no failure up to [1-9]\\d*00")), out);

            JsonNode doc = new ObjectMapper().readTree(dir.resolve("ramp.json").toFile());
            assertEquals("interrupted", doc.at("/verdict/outcome").asText());
            assertEquals(1, doc.at("/exit_code").asInt());
            assertTrue(doc.at("/levels").size() >= 2, doc.toString());
            Kernel.awaitEquals(0, server::openNow, 10, "server openNow");
        }
    }

    /**
     * Ctrl-C while a level is still dialing: that level is reported as interrupted, with what it
     * had opened (in the JSON and the HTML report, both complete), and every connection the server accepted is one the levels count (dialing stops
     * before the counts are frozen, so none slips through in between).
     */
    @Test
    void ctrlCWhileDialingCountsEveryConnectionTheServerSaw() throws Exception {
        Path json = dir.resolve("ramp.json");
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess ramp = JarProcess.start("ramp", "127.0.0.1", String.valueOf(server.port()), "--start", "100",
                        "--step", "+300", "--max", "5000", "--rate", "500", "--level-hold", "200ms", "-i", "0", "-y",
                        "--json", json.toString(), "--html", dir.resolve("ramp.html").toString())) {
            ramp.awaitLine("ramp         100 ", 20);
            Thread.sleep(200); // the next level (300 more at 500/s) is dialing
            ramp.signal("INT");
            int exit = ramp.awaitExit(20);
            String out = ramp.stdout();
            assertEquals(1, exit, out + ramp.stderr());

            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertEquals(doc, PageData.read(dir.resolve("ramp.html")).get("result"), "the page, complete, says the same");
            JsonNode levels = doc.at("/levels");
            assertEquals(2, levels.size(), levels.toString());
            JsonNode last = levels.get(1);
            assertTrue(last.at("/interrupted").asBoolean(), last.toString());
            assertFalse(last.at("/passed").asBoolean());
            long added = last.at("/added/attempts").asLong();
            assertTrue(added > 0 && added < 300, "the interrupted level had started some: " + last);
            assertTrue(last.at("/added/counts/not_initiated").asLong() > 0, last.toString());
            assertTrue(out.lines().anyMatch(l -> l.startsWith("ramp         400 ") && l.contains("interrupted")), out);
            long counted = levels.get(0).at("/added/attempts").asLong() + added;
            Kernel.awaitEquals(counted, server::accepted, 10, "connections the server accepted");
            Kernel.awaitEquals(0, server::openNow, 10, "server openNow");
        }
    }
}
