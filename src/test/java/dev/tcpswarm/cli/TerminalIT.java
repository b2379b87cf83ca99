package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On a real interactive terminal (a tmux window, 120 x 30, with the live status line: no --plain,
 * no CI variable), Ctrl-C and SIGTERM during {@code run} and {@code ramp} behave as they do with
 * plain output: the report on the screen, the JSON file complete, exit 1, no internal error; and the
 * terminal is left as it was, so the next 40 lines the shell prints scroll normally, with nothing
 * pinned at the bottom.
 */
@Timeout(120)
class TerminalIT {
    private static final int COLUMNS = 120;
    private static final int ROWS = 30;
    /** The live line: bar, tcpgoon's counts, then the rate set apart from them. */
    private static final Pattern LIVE_LINE = Pattern.compile(
            "\\[[# ]+\\] Total: 3000, Dialing: \\d+, Established: \\d+, Closed: \\d+, Error: \\d+, NotInitiated: \\d+ "
                    + "\\| \\d+ conn/s");

    @TempDir
    Path dir;

    /** {@code ./t}: the jar, without the CI variable (which would turn the live line off). */
    private void writeLauncher() throws Exception {
        Path launcher = dir.resolve("t");
        Files.writeString(launcher, "#!/bin/sh\nunset CI\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -jar '" + JarProcess.jar().toAbsolutePath() + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"run, INT", "run, TERM", "ramp, INT", "ramp, TERM"})
    void aSignalPrintsTheReportWritesTheFileExitsOneAndLeavesTheTerminalAsItWas(String command, String signal)
            throws Exception {
        writeLauncher();
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                Tmux tmux = Tmux.start(dir, COLUMNS, ROWS)) {
            String target = "127.0.0.1 " + server.port();
            String line = command.equals("run")
                    ? "./t run " + target + " -c 3000 --rate 500 -y --json r.json; echo \"exit=$?\""
                    : "./t ramp " + target + " -y --start 200 --step +200 --max 3000 --level-hold 1s --json r.json; "
                            + "echo \"exit=$?\"";
            tmux.type(line);
            if (command.equals("run")) {
                List<String> live = tmux.awaitScreen(s -> LIVE_LINE.matcher(s.get(ROWS - 1)).matches(), 30,
                        "live status line on the bottom row");
                assertEquals("$ " + line, live.get(0), "the first line (the prompt with the command) stays on screen");
            } else {
                tmux.awaitScreen(s -> s.stream().anyMatch(l -> l.startsWith("ramp") && l.contains("pass")), 30,
                        "a first table row");
            }

            if (signal.equals("INT")) {
                tmux.press("C-c");
            } else {
                long java = ProcessHandle.of(tmux.shellPid()).orElseThrow().children().findFirst().orElseThrow().pid();
                Kernel.run("kill", "-TERM", String.valueOf(java));
            }
            // (the terminal echoes Ctrl-C as ^C in front of the next line)
            List<String> after = tmux.awaitScreen(s -> s.stream().anyMatch(l -> l.startsWith("exit=")), 30,
                    "exit code").stream().map(l -> l.startsWith("^C") ? l.substring(2) : l).toList();
            String screen = String.join("\n", after);
            assertTrue(after.contains("exit=1"), screen);
            assertFalse(screen.contains("internal error"), screen);
            if (command.equals("run")) {
                assertTrue(after.contains("--- 127.0.0.1:" + server.port() + " tcp test statistics ---"), screen);
                assertTrue(after.contains("Interrupted: the run was stopped before it finished"), screen);
            } else {
                assertTrue(after.stream().anyMatch(l -> l.startsWith("interrupted: no failure up to ")), screen);
            }
            JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
            assertEquals(1, json.at("/exit_code").asInt(), json.toString());

            // The terminal as it was: 40 lines scroll the whole screen, and the prompt ends up on the last row.
            tmux.type("for i in $(seq 1 40); do echo line$i; done");
            List<String> scrolled = tmux.awaitScreen(s -> s.contains("line40"), 10, "the shell's 40 lines");
            scrolled = tmux.awaitScreen(s -> s.get(ROWS - 1).equals("$"), 5, "the prompt on the last row");
            assertEquals("line40", scrolled.get(ROWS - 2), String.join("\n", scrolled));
            assertEquals("line12", scrolled.get(0), "every row scrolls: " + String.join("\n", scrolled));
        }
    }
}
