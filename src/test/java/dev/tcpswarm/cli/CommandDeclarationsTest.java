package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.verdict.ExitCode;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options every command shares are declared once, and every command's exit codes come from
 * {@link ExitCode}: the command model as tcpswarm builds it, walked over every command.
 */
class CommandDeclarationsTest {
    /** Every command below the top, help excluded (picocli's own). */
    private static List<CommandLine> everyCommand(CommandLine cli) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                all.add(sub);
                all.addAll(everyCommand(sub));
            }
        }
        return all;
    }

    private static String declaringClass(OptionSpec option) {
        return ((Field) option.userObject()).getDeclaringClass().getSimpleName();
    }

    @Test
    void helpAndDebugAreEachDeclaredOnceAndMixedIn() {
        CommandLine top = Cli.model();
        List<CommandLine> commands = new ArrayList<>(everyCommand(top));
        commands.add(top);
        for (CommandLine c : commands) {
            OptionSpec help = c.getCommandSpec().findOption("--help");
            assertTrue(help != null, c.getCommandName() + " takes --help");
            assertEquals("HelpOption", declaringClass(help), c.getCommandName() + "'s --help");
            OptionSpec debug = c.getCommandSpec().findOption("--debug");
            if (debug != null) {
                assertEquals("DebugOption", declaringClass(debug), c.getCommandName() + "'s --debug");
            }
        }
        assertEquals("Print per-connection events on stderr, and stack traces",
                String.join(" ", top.getSubcommands().get("run").getCommandSpec().findOption("--debug").description()));
        assertEquals("Print a line per scan on stderr, and stack traces", String.join(" ",
                top.getSubcommands().get("established").getCommandSpec().findOption("--debug").description()));
        assertEquals("Stack traces for internal errors",
                String.join(" ", top.getSubcommands().get("merge").getCommandSpec().findOption("--debug").description()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCommandsExitCodesComeFromExitCode() throws Exception {
        CommandLine top = Cli.model();
        // by reflection, so that this test also ran (and failed) before ExitCode had a list per command
        var perCommand = ExitCode.class.getMethod("helpList", String.class);
        List<CommandLine> commands = new ArrayList<>(everyCommand(top));
        commands.add(top);
        for (CommandLine c : commands) {
            CommandSpec spec = c.getCommandSpec();
            String name = spec.qualifiedName().equals("tcpswarm") ? "" : spec.qualifiedName().substring(9);
            Map<String, String> expected = (Map<String, String>) perCommand.invoke(null, name);
            assertFalse(expected.isEmpty(), "'" + name + "' has exit codes in ExitCode");
            assertEquals(expected, spec.usageMessage().exitCodeList(), "'" + name + "'");
        }
    }

    /** Every command with an interval takes it as -i too. */
    @Test
    void everyIntervalIsAlsoDashI() {
        CommandLine top = Cli.model();
        for (String command : List.of("run", "ramp", "serve", "monitor", "established")) {
            OptionSpec i = top.getSubcommands().get(command).getCommandSpec().findOption("--interval");
            assertEquals(List.of("-i", "--interval"), List.of(i.names()), command);
        }
    }

    @Test
    void theTopLevelHelpListsEveryExitCode() {
        Cli.Outcome o = Cli.run("--help");
        assertEquals(0, o.exit());
        String codes = o.out().substring(o.out().indexOf("Exit codes:"));
        for (int code : new int[] {0, 1, 2, 3, 64, 65, 68, 69, 70, 74}) {
            assertTrue(codes.matches("(?s).*\\n *" + code + " {3}\\S.*"), code + " in:\n" + codes);
        }
    }
}
