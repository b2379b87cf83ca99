package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code tcpswarm demo} with run options: a bad one is refused before the built-in server starts
 * (one line, 64, pointing at demo's own help, no "the server counted" line), and {@code demo --help}
 * lists every option of {@code run} that it takes (all but the target's).
 */
class DemoOptionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "-c=x", "-c=0", "--reconnect", "--abort-on-fail", "--max-duration=0s"})
    void aBadRunOptionIsRefusedBeforeTheServerStarts(String option) {
        Cli.Outcome o = Cli.run("demo", option);
        assertEquals(64, o.exit(), o.out() + o.err());
        assertEquals("", o.out(), "nothing started, nothing printed on stdout: " + o.out());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertTrue(o.err().startsWith("tcpswarm: "), o.err());
        assertFalse(o.err().contains("run --help"), o.err());
    }

    @Test
    void anUnknownOptionPointsAtDemosHelp() {
        Cli.Outcome o = Cli.run("demo", "--bogus");
        assertTrue(o.err().contains("'--bogus'") && o.err().endsWith("(see 'tcpswarm demo --help')\n"), o.err());
    }

    @Test
    void aBadOutputFileIsRefusedBeforeTheServerStarts() {
        Cli.Outcome o = Cli.run("demo", "--json", dir.resolve("no/such/dir/r.json").toString());
        assertEquals(64, o.exit(), o.out() + o.err());
        assertEquals("", o.out());
    }

    @Test
    void demosHelpListsEveryRunOption() {
        Cli.Outcome o = Cli.run("demo", "--help");
        assertEquals(0, o.exit(), o.err());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        CommandLine cli = TcpSwarm.commandLine(System.in, ps, ps);
        List<OptionSpec> runOptions = cli.getSubcommands().get("run").getCommandSpec().options();
        assertTrue(runOptions.size() > 30, "run takes its options: " + runOptions.size());
        for (OptionSpec option : runOptions) {
            if (option.hidden() || DemoCommand.TARGET_OPTIONS.contains(option.longestName())) {
                assertFalse(o.out().contains(option.longestName() + "="), "the demo's target is its own: " + o.out());
                continue;
            }
            for (String name : option.names()) {
                assertTrue(o.out().matches("(?s).*(^|[\\s,\\[])" + java.util.regex.Pattern.quote(name) + "([\\s,=\\[]|$).*"),
                        "demo --help names run's " + name + ":\n" + o.out());
            }
        }
    }
}
