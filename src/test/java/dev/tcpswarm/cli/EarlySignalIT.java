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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGTERM or SIGINT in the first 0.3 s of the real jar (the JVM's start, the command line, the
 * preflight, the plan, the first connections): at every moment the process ends with the command's
 * documented exit code (run and ramp 1, serve 0), and either with the report and complete files of
 * what started, or with one line saying that nothing was started and no file at all; never with a
 * half-written or temporary file. The one exception is a signal before the JVM runs tcpswarm's code
 * (its first tens of milliseconds): the process then ends as the system ends it (128 + the signal),
 * having started and written nothing. Whether tcpswarm's code had run is read from the JVM's own log
 * of the classes it loaded (RunCommand is loaded once main has set up its signal handling), so the
 * test holds at any load.
 */
class EarlySignalIT {
    private static final String NOTHING_STARTED = "tcpswarm: interrupted before anything was started: nothing was opened";

    @TempDir
    Path dir;

    @TempDir
    Path logs;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String command : List.of("run", "ramp", "serve")) {
            for (String signal : List.of("TERM", "INT")) {
                for (int delayMillis : new int[] {0, 50, 150, 300}) {
                    cases.add(Arguments.of(command, signal, delayMillis));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} SIG{1} after {2} ms")
    @MethodSource("cases")
    void aSignalAtAnyMomentEndsAsDocumented(String command, String signal, int delayMillis) throws Exception {
        Path classLog = logs.resolve("classes.log");
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess tcpswarm = JarProcess.startWith(List.of(),
                        List.of("-Xlog:class+load=info:file=" + classLog), args(command, server.port()))) {
            Thread.sleep(delayMillis);
            tcpswarm.signal(signal);
            int exit = tcpswarm.awaitExit(30);
            String out = tcpswarm.stdout();
            String err = tcpswarm.stderr();
            String what = command + " SIG" + signal + " after " + delayMillis + " ms: exit " + exit + "\nstdout:\n" + out
                    + "\nstderr:\n" + err;
            Set<String> files = files();
            boolean tcpswarmRan = Files.exists(classLog) && Files.readString(classLog).contains(" dev.tcpswarm.cli.RunCommand ");
            if (!tcpswarmRan && exit == 128 + (signal.equals("TERM") ? 15 : 2)) {
                // before tcpswarm's code: ended by the system, nothing started
                assertEquals("", out, what);
                assertEquals(Set.of(), files, what);
                assertEquals(0, server.accepted(), what);
                return;
            }
            assertFalse(err.contains("Exception") || err.contains("internal error"), what);
            assertEquals(command.equals("serve") ? 0 : 1, exit, what);
            if (err.contains(NOTHING_STARTED)) {
                assertEquals(NOTHING_STARTED + "\n", err, "one line: " + what);
                assertTrue(out.lines().allMatch(l -> l.startsWith("tcpswarm is going to open ") || l.startsWith("Pacing: ")),
                        "at most the plan, no report: " + what);
                assertEquals(Set.of(), files, "no file when nothing started: " + what);
                assertEquals(0, server.accepted(), what);
                return;
            }
            switch (command) {
                case "run" -> {
                    assertTrue(out.contains("--- 127.0.0.1:" + server.port() + " tcp test statistics ---"), what);
                    assertEquals(Set.of("r.json", "r.csv", "r.html"), files, "every file, no temporary one: " + what);
                    JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
                    assertTrue(json.at("/interrupted").asBoolean(), what);
                    assertEquals(1, json.at("/exit_code").asInt(), what);
                    assertEquals(server.accepted(), json.at("/counts/established").asLong(), what);
                    assertEquals(json, PageData.read(dir.resolve("r.html")).get("result"), what);
                    assertTrue(Files.readAllLines(dir.resolve("r.csv")).get(0).startsWith("time,elapsed_s,"), what);
                }
                case "ramp" -> {
                    assertTrue(out.lines().anyMatch(l -> l.startsWith("interrupted")), what);
                    assertEquals(Set.of("ramp.json", "ramp.csv"), files, "every file, no temporary one: " + what);
                    JsonNode json = new ObjectMapper().readTree(dir.resolve("ramp.json").toFile());
                    assertEquals("interrupted", json.at("/verdict/outcome").asText(), what);
                    assertEquals(1, json.at("/exit_code").asInt(), what);
                    assertEquals(json.at("/levels").size() + 1, Files.readAllLines(dir.resolve("ramp.csv")).size(), what);
                }
                default -> { // serve: listening, then its final status line
                    List<String> lines = out.lines().toList();
                    assertTrue(lines.size() >= 2 && lines.get(0).startsWith("listening on 127.0.0.1:"), what);
                    assertTrue(lines.get(lines.size() - 1).startsWith("accepted: "), what);
                }
            }
        }
    }

    private String[] args(String command, int port) {
        String p = String.valueOf(port);
        return switch (command) {
            case "run" -> new String[] {"run", "127.0.0.1", p, "-c", "200", "-s", "10ms", "-i", "0", "-y",
                "--json", dir.resolve("r.json").toString(), "--csv", dir.resolve("r.csv").toString(),
                "--html", dir.resolve("r.html").toString()};
            case "ramp" -> new String[] {"ramp", "127.0.0.1", p, "--start", "50", "--step", "+50", "--max", "2000",
                "--rate", "500", "--level-hold", "300ms", "-i", "0", "-y",
                "--json", dir.resolve("ramp.json").toString(), "--csv", dir.resolve("ramp.csv").toString()};
            default -> new String[] {"serve", "--port", "0", "-i", "0"};
        };
    }

    private Set<String> files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
