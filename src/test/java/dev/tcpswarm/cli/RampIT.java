package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.plan.Preflight;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.web.PageData;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
            ProcessBuilder pb = JarProcess.underOpenFilesLimit(400, "ramp", "127.0.0.1", String.valueOf(server.port()),
                    "--start", "100", "--step", "+100", "--max", "1000", "-s", "0", "--level-hold", "200ms", "-i", "0",
                    "-y", "--json", json.toString());
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

    /**
     * A plain ramp's ceiling is its own default (the open-files limit less 100), which the user never
     * chose: no warning about the port wall for it, even where it passes half the ephemeral ports.
     * A ceiling the user gives still gets the warning.
     */
    @Test
    void noPortWallWarningForTheDefaultCeilingOnlyForOneTheUserChose() throws Exception {
        int[] ports = Preflight.portRange();
        Kernel.requireOrSkip(ports != null, "no ephemeral port range readable here");
        int halfRange = (ports[1] - ports[0] + 1) / 2;
        int limit = halfRange + 1000; // its default ceiling (limit - 100) passes half the range
        Kernel.requireOrSkip(limit <= Preflight.openFilesLimit(),
                "the open-files limit here is below " + limit);
        String plain = declined(limit);
        assertTrue(plain.contains("tcpswarm is going to open up to " + (limit - 100) + " TCP connections"), plain);
        assertTrue(!plain.contains("warning"), plain);
        String chosen = declined(limit, "--max", String.valueOf(limit - 100));
        // a level opens in one batch, which past half the range picks its ports: the warning says so
        assertTrue(chosen.contains("tcpswarm: warning: " + (limit - 100) + " connections from one source address pass "
                + "half") && chosen.contains("tcpswarm picks their local ports itself"), chosen);
    }

    /** {@code ramp} under {@code ulimit -n limit}, the prompt answered no: what it printed (stdout and stderr). */
    private String declined(int limit, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("ramp", "127.0.0.1", "9"));
        args.addAll(List.of(more));
        Path output = dir.resolve("declined.txt");
        Process p = JarProcess.underOpenFilesLimit(limit, args.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        p.getOutputStream().write("n\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ramp still running after 30 s");
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("not confirmed: nothing was opened"), out);
        return out;
    }
}
