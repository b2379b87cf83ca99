package dev.tcpswarm.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The files an installation adds besides the jar, made at build time from the one command model that
 * {@code tcpswarm} itself runs ({@link TcpSwarm#commandLine}): bash and zsh completion (picocli's
 * {@link AutoComplete}) and one man page per command (picocli-codegen's {@link ManPageGenerator} to
 * AsciiDoc, then asciidoctor to roff, gzipped). Every command and option in the model is covered
 * without being named here. Run by the Maven build ({@code mvn verify}, before the .deb is packed), in
 * Maven's JVM, on one thread; picocli-codegen is on the class path only then, never in the jar.
 *
 * <p>Arguments: the output directory, then the installed layout, which the man page's FILES section
 * states: the prefix ({@code /usr}) and the directory of the class-data-sharing archive.
 */
public final class InstallFiles {
    /** The command as a user types it, and the name of its completion files. */
    static final String COMMAND = "tcpswarm";

    private final CommandLine cli;
    private final Path out;
    private final Path prefix;
    private final Path cacheDir;

    private InstallFiles(CommandLine cli, Path out, Path prefix, Path cacheDir) {
        this.cli = cli;
        this.out = out;
        this.prefix = prefix;
        this.cacheDir = cacheDir;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: InstallFiles OUTPUT_DIR PREFIX CACHE_DIR (e.g. target/install "
                    + "/usr /var/cache/tcpswarm)");
        }
        CommandLine cli = TcpSwarm.commandLine(System.in, System.out, System.err);
        InstallFiles files = new InstallFiles(cli, Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        files.writeCompletion();
        files.writeManPages();
    }

    /** How a checkout's launcher is typed from the checkout's top directory. */
    static final List<String> CHECKOUT_LAUNCHER = List.of("bin/" + COMMAND, "./bin/" + COMMAND);

    /**
     * The bash completion script for {@code cli}: what bash-completion loads for {@code tcpswarm}.
     * Sourced in a checkout, it binds the checkout's launcher too ({@link #CHECKOUT_LAUNCHER}; any
     * other path to it completes through bash's fallback to a command's last path part).
     */
    static String bashCompletion(CommandLine cli) {
        return AutoComplete.bash(COMMAND, cli)
                + "\n# The checkout's launcher, as typed from the checkout's top directory.\n"
                + "complete -F _complete_" + COMMAND + " -o default " + String.join(" ", CHECKOUT_LAUNCHER) + "\n";
    }

    /**
     * The zsh completion function file ({@code _tcpswarm}, autoloaded from {@code fpath}): the bash
     * script through zsh's bashcompinit. When the file first runs, as the function {@code _tcpswarm},
     * the script's {@code complete} hands {@code tcpswarm} to bashcompinit from then on; the last line
     * completes that first time too.
     */
    static String zshCompletion(CommandLine cli) {
        return "#compdef " + COMMAND + "\n"
                + bashCompletion(cli)
                + "\n_bash_complete -F _complete_" + COMMAND + " -o default\n";
    }

    private void writeCompletion() throws IOException {
        Path dir = Files.createDirectories(out.resolve("completion"));
        Files.writeString(dir.resolve(COMMAND), bashCompletion(cli), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("_" + COMMAND), zshCompletion(cli), StandardCharsets.UTF_8);
    }

    /**
     * AsciiDoc for every command (picocli's generated page, and its template, which includes the
     * generated sections and gets the sections the command model does not hold), then one roff page per
     * template, gzipped as Debian installs them.
     */
    private void writeManPages() throws IOException, InterruptedException {
        Path adoc = out.resolve("man/adoc");
        Path pages = out.resolve("man/pages");
        Path man1 = out.resolve("man/man1");
        for (Path dir : List.of(adoc, pages, man1)) {
            clean(dir);
        }
        writeAsciiDoc(cli.getCommandSpec(), adoc, pages);
        List<Path> templates = new ArrayList<>();
        try (Stream<Path> all = Files.list(pages)) {
            all.filter(p -> p.toString().endsWith(".adoc")).sorted().forEach(templates::add);
        }
        for (Path template : templates) {
            boolean isRoot = template.getFileName().toString().equals(COMMAND + ".adoc");
            Files.writeString(template, isRoot ? rootSections(templates) : seeAlso(List.of(COMMAND)),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        asciidoctor(templates, man1);
        try (Stream<Path> all = Files.list(man1)) {
            for (Path page : all.filter(p -> p.toString().endsWith(".1")).toList()) {
                gzip(page);
            }
        }
    }

    /**
     * picocli's AsciiDoc for every command of {@code root} into {@code adoc} (the generated sections)
     * and {@code pages} (the templates that include them), with the man page's headings and the fixes
     * below applied to every generated file.
     */
    static void writeAsciiDoc(CommandSpec root, Path adoc, Path pages) throws IOException {
        headingsForManPages(root);
        int status = ManPageGenerator.generateManPage(adoc.toFile(), pages.toFile(), new boolean[0], true, root);
        if (status != CommandLine.ExitCode.OK) {
            throw new IllegalStateException("picocli's man page generator failed (exit " + status + ")");
        }
        try (Stream<Path> all = Files.list(adoc)) {
            for (Path page : all.toList()) {
                Files.writeString(page, withoutShortOnlyComma(withoutReplacements(Files.readString(page))));
            }
        }
    }

    /**
     * picocli's generator writes an option that has only a short name as if a long one followed:
     * {@code *-4*, ::}, which the page shows as "-4,". This drops that comma.
     */
    static String withoutShortOnlyComma(String adoc) {
        return adoc.replaceAll("(?m)^(\\*-[^*\\s]+\\*), ::$", "$1::");
    }

    /**
     * The help's headings as a man page's sections: "Exit status", not "Exit codes:"; a footer without
     * a heading (the root command's) gets "Notes", since picocli's generator leaves such a footer out.
     */
    private static void headingsForManPages(CommandSpec spec) {
        CommandLine.Model.UsageMessageSpec usage = spec.usageMessage();
        usage.exitCodeListHeading("Exit status");
        String footerHeading = usage.footerHeading().replace("%n", "").replace(":", "").strip();
        usage.footerHeading(footerHeading.isEmpty() ? "Notes" : footerHeading);
        String[] footer = usage.footer();
        if (footer.length > 0 && footer[0].startsWith("%n")) {
            footer[0] = footer[0].substring(2);
            usage.footer(footer);
        }
        spec.subcommands().values().forEach(sub -> headingsForManPages(sub.getCommandSpec()));
    }

    /**
     * AsciiDoc text with the character pairs that its replacements would turn into arrows escaped: a
     * threshold's {@code <=} is an operator, not {@code ⇐}.
     */
    static String withoutReplacements(String adoc) {
        return adoc.replace("<=", "\\<=").replace("=>", "\\=>").replace("->", "\\->").replace("<-", "\\<-");
    }

    /** The root page's own sections: the installed files, the launcher's environment, the other pages. */
    private String rootSections(List<Path> templates) {
        Path jarDir = prefix.resolve("share").resolve(COMMAND);
        List<String> others = templates.stream().map(t -> t.getFileName().toString().replace(".adoc", ""))
                .filter(name -> !name.equals(COMMAND)).toList();
        return "\n== Files\n\n"
                + item(prefix.resolve("bin").resolve(COMMAND), "The launcher: raises the soft open-files limit to the "
                        + "hard limit (every connection is a file descriptor) and runs the jar with the JVM flags "
                        + "tcpswarm is tuned for, then `JAVA_OPTS`.")
                + item(jarDir.resolve(COMMAND + ".jar"), "The program, with its libraries.")
                + item(cacheDir.resolve(COMMAND + ".jsa"), "The class-data-sharing archive: the classes tcpswarm "
                        + "loads, mapped at start-up instead of loaded again. Made when the package is installed "
                        + "or the Java runtime changes, and by the first run that finds it missing; removed with "
                        + "the package.")
                + item(prefix.resolve("share/bash-completion/completions").resolve(COMMAND), "Bash completion "
                        + "(loaded by bash-completion).")
                + item(prefix.resolve("share/zsh/vendor-completions").resolve("_" + COMMAND), "Zsh completion.")
                + "\n== Environment\n\n"
                + "*JAVA_OPTS*::\n  JVM options, added after the launcher's own (so they win), e.g. `-Xmx2g`.\n"
                + seeAlso(others);
    }

    private static String item(Path path, String text) {
        return "*" + path + "*::\n  " + text + "\n\n";
    }

    private static String seeAlso(List<String> pages) {
        return "\n== See also\n\n" + String.join(", ", pages.stream().map(p -> "*" + p + "*(1)").toList()) + "\n";
    }

    /**
     * Runs Debian's asciidoctor on {@code templates} into {@code man1}. The build checks first that it
     * is there (one line where it is not); the jar build ({@code mvn package}, {@code bin/tcpswarm})
     * does not come here.
     */
    private static void asciidoctor(List<Path> templates, Path man1) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("asciidoctor", "--backend", "manpage", "--failure-level",
                "WARN", "--attribute", "mansource=" + COMMAND, "--attribute", "manversion=" + BuildInfo.version(),
                "--destination-dir", man1.toString()));
        templates.forEach(t -> command.add(t.toString()));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the man pages of the .deb need asciidoctor, which is not installed: "
                    + "apt-get install asciidoctor (or build without the package: mvn -Ddeb.skip ...)", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("asciidoctor failed on the man pages:\n" + output);
        }
    }

    /** {@code page} to {@code page.gz} at the best compression (as {@code gzip -9n}), then removed. */
    private static void gzip(Path page) throws IOException {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(Path.of(page + ".gz"))) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            Files.copy(page, gz);
        }
        Files.delete(page);
    }

    private static void clean(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> all = Files.list(dir)) {
                for (Path p : all.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
