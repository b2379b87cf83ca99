package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.server.ServerMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bash completion made from the command model, driven through bash's own completion interface
 * (COMP_WORDS, COMP_CWORD, the script's completion function, COMPREPLY): it offers every command of
 * the model and the fixed values of the options that take one. The expected lists come from the
 * model and the types, so a new command or value is checked without an edit here.
 */
class InstallFilesTest {
    @TempDir
    static Path dir;

    private static Path script;

    @BeforeAll
    static void writeScript() throws Exception {
        Kernel.requireOrSkip(Kernel.exec("bash", "--version").exit() == 0, "bash is not installed");
        script = dir.resolve("tcpswarm");
        Files.writeString(script, InstallFiles.bashCompletion(Cli.model()));
    }

    /** What bash completes for {@code words}, the last one being the word under the cursor. */
    private static List<String> complete(String... words) throws Exception {
        Path driver = dir.resolve("complete.sh");
        Files.writeString(driver, String.join("\n",
                "compopt() { :; }   # outside of a real completion bash refuses it; it only sets display options",
                "source \"$1\"; shift",
                "COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))",
                "COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}",
                "_complete_tcpswarm tcpswarm \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"",
                "printf '%s\\n' \"${COMPREPLY[@]}\"", ""));
        List<String> command = new ArrayList<>(List.of("bash", driver.toString(), script.toString()));
        command.addAll(Arrays.asList(words));
        Kernel.Result r = Kernel.exec(command.toArray(new String[0]));
        assertEquals(0, r.exit(), r.out());
        return r.out().lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    @Test
    void theFirstWordCompletesToEveryCommandOfTheModel() throws Exception {
        List<String> commands = Cli.model().getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden()).map(CommandLine::getCommandName)
                .sorted().toList();
        assertTrue(commands.containsAll(List.of("run", "ramp", "serve", "monitor", "established", "demo")), commands::toString);
        assertEquals(commands, complete("tcpswarm", ""));
        assertEquals(List.of("run"), complete("tcpswarm", "ru"));
        assertEquals(List.of("serve"), complete("tcpswarm", "se"));
    }

    @Test
    void optionsWithFixedValuesCompleteToThem() throws Exception {
        List<String> closeModes = Arrays.stream(CloseMode.values()).map(m -> m.name().toLowerCase(Locale.ROOT))
                .sorted().toList();
        assertEquals(List.of("fin", "rst"), closeModes);
        assertEquals(closeModes, complete("tcpswarm", "run", "--close", ""));
        assertEquals(List.of("rst"), complete("tcpswarm", "run", "--close", "r"));
        assertEquals(closeModes, complete("tcpswarm", "ramp", "--close", ""));

        List<String> modes = Arrays.stream(ServerMode.values()).map(ServerMode::label).sorted().toList();
        assertEquals(modes, complete("tcpswarm", "serve", "--mode", ""));

        List<String> transports = Transport.CHOICES.stream().sorted().toList();
        for (String command : List.of("run", "ramp", "serve")) {
            assertEquals(transports, complete("tcpswarm", command, "--transport", ""), command);
        }
        assertEquals(List.of("io_uring"), complete("tcpswarm", "run", "--transport", "io"));
        assertEquals(List.of("json", "text"), complete("tcpswarm", "run", "--output", ""));
    }

    @Test
    void optionNamesCompletePerCommand() throws Exception {
        assertEquals(List.of("--close"), complete("tcpswarm", "run", "--clo"));
        List<String> serveOptions = complete("tcpswarm", "serve", "--");
        TreeSet<String> expected = new TreeSet<>();
        Cli.model().getSubcommands().get("serve").getCommandSpec().options()
                .forEach(o -> Arrays.stream(o.names()).filter(n -> n.startsWith("--")).forEach(expected::add));
        assertEquals(List.copyOf(expected), serveOptions);
    }

    /**
     * Sourced in a checkout, the script binds the checkout's launcher as typed there, and a real
     * interactive bash completes it with Tab; another path to it completes through bash's fallback to
     * a command's last path part.
     */
    @Test
    void theCheckoutsLauncherCompletesInARealBash() throws Exception {
        for (String launcher : InstallFiles.CHECKOUT_LAUNCHER) {
            Kernel.Result bound = Kernel.exec("bash", "-c", "source \"$1\" && complete -p \"$2\"", "bash",
                    script.toString(), launcher);
            assertEquals(0, bound.exit(), launcher + ": " + bound.out());
        }
        try (Tmux tmux = Tmux.start(dir, 100, 12)) {
            tmux.type("source " + script);
            for (String typed : List.of("bin/tcpswarm", "./bin/tcpswarm", dir.resolve("bin/tcpswarm").toString())) {
                tmux.typeWithoutEnter(typed + " run --clo");
                tmux.press("Tab");
                tmux.awaitScreen(s -> s.stream().anyMatch(l -> l.equals("$ " + typed + " run --close")), 10,
                        "'" + typed + " run --clo' completed to --close");
                tmux.press("C-u");
            }
        }
    }

    @Test
    void theZshFileIsTheSameCompletionAutoloadedThroughBashcompinit() {
        String zsh = InstallFiles.zshCompletion(Cli.model());
        assertTrue(zsh.startsWith("#compdef tcpswarm\n"), zsh.substring(0, 40));
        assertTrue(zsh.contains(InstallFiles.bashCompletion(Cli.model())));
        assertTrue(zsh.endsWith("_bash_complete -F _complete_tcpswarm -o default\n"));
    }

    /** An option with a short name only ({@code -4}, {@code -6}) is listed without a comma after it. */
    @Test
    void aShortOnlyOptionHasNoTrailingCommaInTheManPage() throws Exception {
        Path adoc = Files.createDirectories(dir.resolve("man/adoc"));
        Path pages = Files.createDirectories(dir.resolve("man/pages"));
        InstallFiles.writeAsciiDoc(Cli.model().getCommandSpec(), adoc, pages);
        for (String command : List.of("run", "ramp")) {
            List<String> lines = Files.readAllLines(adoc.resolve("tcpswarm-" + command + ".adoc"));
            assertTrue(lines.contains("*-4*::") && lines.contains("*-6*::"), command + ": " + lines);
        }
        assertTrue(Files.readAllLines(adoc.resolve("tcpswarm-run.adoc")).contains("*-c*, *--connections*=_N_::"),
                "a short and a long name keep their comma");
        try (var all = Files.list(adoc)) {
            for (Path page : all.toList()) {
                List<String> bad = Files.readAllLines(page).stream().filter(l -> l.endsWith(", ::")).toList();
                assertEquals(List.of(), bad, page.getFileName().toString());
            }
        }
    }

    @Test
    void asciiDocReplacementsDoNotTurnOperatorsIntoArrows() {
        assertEquals("error_rate\\<=0.1%, a \\=> b, c \\-> d \\<- e",
                InstallFiles.withoutReplacements("error_rate<=0.1%, a => b, c -> d <- e"));
    }
}
