package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out of file descriptors, under a real open-files limit: the run goes on to its report, every file
 * and exit 2 with the reason "too many open files" (and a hint); ramp names the local limit. Two
 * ways: the limit reached during the run ({@code ulimit -n} in the shell that starts the jar; ramp's
 * case is in {@link RampIT}), and no descriptor left before the run starts ({@code prlimit} on the
 * waiting process at its prompt, set to its lowest free descriptor number, so not one more can be
 * opened).
 */
class OpenFilesLimitIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The jar under {@code ulimit -n limit}, to its end (at most 60 s): {exit, stdout, stderr}. */
    private String[] underUlimit(int limit, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = JarProcess.underOpenFilesLimit(limit, args).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        p.destroyForcibly();
        String[] result = {String.valueOf(finished ? p.exitValue() : -1), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8)};
        assertTrue(finished, "still running after 60 s:\n" + result[1] + result[2]);
        return result;
    }

    private static void noCrash(String err) {
        assertFalse(err.contains("Exception") || err.contains("java.lang.Error") || err.contains("internal error"),
                "stderr:\n" + err);
    }

    @Test
    void runPastTheLimitReportsWritesEveryFileAndExitsTwo() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            String[] r = underUlimit(200, "127.0.0.1", String.valueOf(server.port()), "-c", "300", "-s", "0", "-y",
                    "-i", "0", "--json", dir.resolve("r.json").toString(), "--junit",
                    dir.resolve("r.xml").toString());
            String out = r[1];
            assertEquals("2", r[0], out + r[2]);
            noCrash(r[2]);
            assertTrue(r[2].contains("warning: 300 connections need about"), r[2]);
            String errors = out.lines().filter(l -> l.startsWith("Errors by reason: ")).findFirst().orElseThrow();
            assertTrue(errors.matches("Errors by reason: too many open files \\d+"), errors);
            long failed = Long.parseLong(errors.replaceAll("\\D+", ""));
            assertTrue(failed >= 50 && failed < 300, errors);
            String established = out.lines().filter(l -> l.startsWith("Total established connections: ")).findFirst()
                    .orElseThrow();
            assertEquals(300 - failed, Long.parseLong(established.replaceAll("\\D+", "")));
            assertTrue(out.contains("Hint (too many open files, a limit on this machine): raise the open-files limit"), out);
            assertTrue(out.lines().anyMatch(l -> l.matches("Peak memory: [\\d.]+ MB")), out);

            JsonNode json = JSON.readTree(dir.resolve("r.json").toFile());
            assertEquals(failed, json.at("/errors_by_reason/open_files").asLong(), json.toString());
            assertEquals(2, json.at("/exit_code").asInt());
            assertTrue(json.at("/peak_rss_bytes").asLong() > 0, json.toString());
            assertEquals("1", DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(dir.resolve("r.xml").toFile()).getDocumentElement().getAttribute("failures"));
        }
    }

    /**
     * Starts the jar (no -y), waits at its prompt (everything the run needs besides connections is
     * open by then), lowers its open-files limit to its lowest free descriptor number, and answers y.
     */
    private static JarProcess atThePromptWithNoDescriptorLeft(String... args) throws Exception {
        Kernel.requireOrSkip(Kernel.exec("prlimit", "--version").exit() == 0, "prlimit (util-linux) is not installed");
        JarProcess tcpswarm = JarProcess.start(args);
        tcpswarm.awaitLine("Pacing: ", 20);
        Thread.sleep(300); // the question is printed and the prompt reads its standard input
        long pid = tcpswarm.process.pid();
        Set<Integer> open;
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            open = fds.map(p -> Integer.parseInt(p.getFileName().toString())).collect(Collectors.toSet());
        }
        int lowestFree = 0;
        while (open.contains(lowestFree)) {
            lowestFree++;
        }
        Kernel.run("prlimit", "--pid", String.valueOf(pid), "--nofile=" + lowestFree + ":" + lowestFree);
        OutputStream stdin = tcpswarm.process.getOutputStream();
        stdin.write("y\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return tcpswarm;
    }

    @Test
    void runWithNoDescriptorLeftBeforeItStartsReportsEveryConnectionAsTooManyOpenFiles() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess tcpswarm = atThePromptWithNoDescriptorLeft("run", "127.0.0.1", String.valueOf(server.port()),
                        "-c", "20", "-s", "0", "-i", "0", "--json", dir.resolve("r.json").toString(), "--junit",
                        dir.resolve("r.xml").toString())) {
            int exit = tcpswarm.awaitExit(30);
            String out = tcpswarm.stdout();
            assertEquals(2, exit, out + tcpswarm.stderr());
            noCrash(tcpswarm.stderr());
            assertTrue(out.contains("Total: 20, Dialing: 0, Established: 0, Closed: 0, Error: 20, NotInitiated: 0"), out);
            assertTrue(out.contains("Errors by reason: too many open files 20"), out);
            assertTrue(out.lines().anyMatch(l -> l.matches("Peak memory: [\\d.]+ MB")), out);
            JsonNode json = JSON.readTree(dir.resolve("r.json").toFile());
            assertEquals(20, json.at("/errors_by_reason/open_files").asLong(), json.toString());
            assertTrue(Files.isRegularFile(dir.resolve("r.xml")));
            assertEquals(0, server.accepted());
        }
    }

    @Test
    void rampWithNoDescriptorLeftBeforeItStartsNamesTheLocalLimit() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess tcpswarm = atThePromptWithNoDescriptorLeft("ramp", "127.0.0.1",
                        String.valueOf(server.port()), "--start", "20", "--max", "40", "--level-hold", "200ms", "-i",
                        "0", "--json", dir.resolve("ramp.json").toString())) {
            int exit = tcpswarm.awaitExit(30);
            String out = tcpswarm.stdout();
            assertEquals(1, exit, out + tcpswarm.stderr());
            noCrash(tcpswarm.stderr());
            List<String> lines = out.lines().toList();
            assertTrue(lines.get(lines.size() - 1).startsWith(
                    "local limit reached at 0 connections: too many open files - not the server's capacity"), out);
            JsonNode json = JSON.readTree(dir.resolve("ramp.json").toFile());
            assertEquals("local_limit", json.at("/verdict/outcome").asText(), json.toString());
            assertEquals("open_files", json.at("/verdict/local_limit").asText());
        }
    }
}
