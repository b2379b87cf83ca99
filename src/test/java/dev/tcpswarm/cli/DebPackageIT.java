package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.verdict.ExitCode;
import dev.tcpswarm.verdict.ThresholdGrammar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The .deb the build made, looked into without installing it (the install itself is tried by
 * .ci/package-test): its dependency on a Java runtime, its files (the launcher, the shared launcher
 * script, the jar, completion, one man page per command of the model and no other), and what the
 * man pages say: the exit codes and the threshold grammar from the code, and a FILES section whose
 * every path the package installs.
 */
class DebPackageIT {
    @TempDir
    static Path unpacked;

    private static Path deb;
    private static List<String> contents;

    @BeforeAll
    static void unpack() throws Exception {
        deb = Path.of(System.getProperty("tcpswarm.deb", "target/tcpswarm.deb"));
        Kernel.requireOrSkip(Files.isRegularFile(deb), "no package at " + deb + " (built with -Ddeb.skip?)");
        Kernel.requireOrSkip(Kernel.exec("dpkg-deb", "--version").exit() == 0, "dpkg-deb is not installed");
        Kernel.requireOrSkip(Kernel.exec("man", "--version").exit() == 0, "man (man-db) is not installed");
        Kernel.run("dpkg-deb", "-x", deb.toString(), unpacked.toString());
        contents = Kernel.run("dpkg-deb", "-c", deb.toString()).lines().toList();
    }

    @Test
    void dependsOnAJavaRuntimeOf17OrLater() throws Exception {
        assertEquals("default-jre-headless (>= 2:1.17) | openjdk-17-jre-headless | java17-runtime-headless",
                Kernel.run("dpkg-deb", "-f", deb.toString(), "Depends").strip());
        assertEquals("all", Kernel.run("dpkg-deb", "-f", deb.toString(), "Architecture").strip());
    }

    @Test
    void installsTheLauncherTheJarAndTheCompletionFiles() throws Exception {
        assertMode("-rwxr-xr-x", "./usr/bin/tcpswarm");
        assertMode("-rwxr-xr-x", "./usr/share/tcpswarm/run-jar.sh");
        assertMode("-rw-r--r--", "./usr/share/tcpswarm/tcpswarm.jar");
        assertMode("-rw-r--r--", "./usr/share/bash-completion/completions/tcpswarm");
        assertMode("-rw-r--r--", "./usr/share/zsh/vendor-completions/_tcpswarm");
        assertMode("drwxr-xr-x", "./var/cache/tcpswarm/");

        // One launcher script for the checkout and the package: the same bytes, not a copy that drifts.
        assertArrayEquals(Files.readAllBytes(Path.of("src/launcher/run-jar.sh")),
                Files.readAllBytes(unpacked.resolve("usr/share/tcpswarm/run-jar.sh")));
        String launcher = Files.readString(unpacked.resolve("usr/bin/tcpswarm"));
        assertTrue(launcher.contains("exec /usr/share/tcpswarm/run-jar.sh /usr/share/tcpswarm/tcpswarm.jar "
                + "/var/cache/tcpswarm/tcpswarm.jsa \"$@\""), launcher);
        assertArrayEquals(Files.readAllBytes(JarProcess.jar()),
                Files.readAllBytes(unpacked.resolve("usr/share/tcpswarm/tcpswarm.jar")));
    }

    private static void assertMode(String mode, String path) {
        assertTrue(contents.stream().anyMatch(l -> l.startsWith(mode + " root/root") && l.endsWith(" " + path)),
                path + " " + mode + " in:\n" + String.join("\n", contents));
    }

    @Test
    void hasOneManPagePerCommandOfTheModel() {
        TreeSet<String> expected = new TreeSet<>();
        pageNames(Cli.model(), expected);
        assertTrue(expected.containsAll(List.of("tcpswarm.1.gz", "tcpswarm-run.1.gz", "tcpswarm-serve.1.gz")), expected
                .toString());
        TreeSet<String> shipped = new TreeSet<>();
        contents.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(p -> p.startsWith("./usr/share/man/man1/"))
                .map(p -> p.substring("./usr/share/man/man1/".length())).filter(p -> !p.isEmpty()).forEach(shipped::add);
        assertEquals(expected, shipped);
    }

    private static void pageNames(CommandLine command, TreeSet<String> names) {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        names.add(command.getCommandSpec().qualifiedName("-") + ".1.gz");
        command.getSubcommands().values().forEach(sub -> pageNames(sub, names));
    }

    /** A page as man renders it, wide, with its lines' runs of spaces made one. */
    private static String page(String name) throws Exception {
        Kernel.Result r = Kernel.exec("env", "MANWIDTH=250", "MAN_KEEP_FORMATTING=", "man", "-l",
                unpacked.resolve("usr/share/man/man1/" + name + ".1.gz").toString());
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    /** The text of section {@code heading} of a rendered page, whitespace made single spaces. */
    private static String section(String page, String heading) {
        Matcher m = Pattern.compile("(?ms)^" + Pattern.quote(heading) + "\\n(.*?)(?=^\\S)").matcher(page);
        assertTrue(m.find(), heading + " in:\n" + page);
        return m.group(1).replaceAll("\\s+", " ").strip();
    }

    @Test
    void theExitCodesComeFromTheCode() throws Exception {
        for (String name : List.of("tcpswarm", "tcpswarm-run", "tcpswarm-ramp", "tcpswarm-monitor")) {
            String exits = section(page(name), "EXIT STATUS");
            StringBuilder expected = new StringBuilder();
            String command = name.equals("tcpswarm") ? "" : name.substring("tcpswarm-".length());
            for (Map.Entry<String, String> e : ExitCode.helpList(command).entrySet()) {
                expected.append(e.getKey().strip()).append(' ').append(e.getValue()).append(' ');
            }
            assertEquals(expected.toString().strip(), exits, name);
        }
    }

    @Test
    void theThresholdGrammarComesFromTheCode() throws Exception {
        for (String name : List.of("tcpswarm-run", "tcpswarm-ramp")) {
            String grammar = section(page(name), "THRESHOLDS");
            assertEquals(String.join(" ", ThresholdGrammar.lines()), grammar, name);
        }
    }

    @Test
    void everyFileTheRootPageNamesIsInThePackage() throws Exception {
        String page = page("tcpswarm");
        Matcher m = Pattern.compile("(?m)^ {7}(/\\S+)$").matcher(page.substring(page.indexOf("\nFILES\n"),
                page.indexOf("\nENVIRONMENT\n")));
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertEquals(5, named.size(), page);
        for (String path : named) {
            // the class-data-sharing archive is made on install: its directory is the package's
            String packaged = path.endsWith(".jsa") ? path.substring(0, path.lastIndexOf('/') + 1) : path;
            assertTrue(contents.stream().anyMatch(l -> l.endsWith(" ." + packaged)), packaged);
        }
        assertTrue(section(page, "SEE ALSO").contains("tcpswarm-run(1)"), page);
    }
}
