package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build is quiet, and stays quiet when it runs again on its own output, as it does after
 * {@code bin/tcpswarm demo} (which builds the jar) and then {@code mvn -B verify}: no warning from
 * the compiler or from maven-shade (files every dependency ships, such as META-INF/LICENSE, are
 * merged; the runnable jar is never shaded a second time), nor from the Debian package's steps. A
 * copy of the project's build inputs (pom, main sources, the package's files, no .git: what a source
 * tarball holds) is built twice, package included, offline, from the local repository this build
 * already filled: the first time the version says the commit is unknown; the second time the copy is
 * a git checkout with a change not committed, and the version says which commit, and that. Without
 * asciidoctor the jar still builds, and the package step fails with one line that says what to
 * install.
 */
@Timeout(600)
class BuildQuietIT {
    @TempDir
    Path copy;

    @Test
    void buildsTwiceWithoutWarningsAndWithoutAsciidoctorStopsOnlyAtThePackage() throws Exception {
        Kernel.requireOrSkip(Kernel.exec("mvn", "--version").exit() == 0, "Maven (mvn) is not on the PATH");
        Kernel.requireOrSkip(Kernel.exec("asciidoctor", "--version").exit() == 0, "asciidoctor is not installed");
        Path project = Path.of(System.getProperty("user.dir"));
        for (String file : List.of("pom.xml", "LICENSE")) {
            Files.copy(project.resolve(file), copy.resolve(file));
        }
        for (String tree : List.of("src/main", "src/deb", "src/launcher")) {
            copyTree(project.resolve(tree), copy.resolve(tree));
        }

        // First as from a source tarball (no .git), then again on its own output, now a git checkout
        // with a change not committed: each build quiet, the version saying what it was built from.
        quietBuild("first");
        assertTrue(Files.isRegularFile(copy.resolve("target/tcpswarm.jar")));
        try (Stream<Path> debs = Files.list(copy.resolve("target"))) {
            assertEquals(1, debs.filter(f -> f.getFileName().toString().matches("tcpswarm_.*_all\\.deb")).count());
        }
        assertEquals("commit:     unknown (built outside a git checkout, or without git)", versionLines().get(1));

        String dir = "--git-dir=" + copy.resolve(".git");
        Kernel.run("git", "init", "-q", copy.toString());
        Kernel.run("git", dir, "--work-tree=" + copy, "add", "pom.xml", "LICENSE", "src");
        Kernel.run("git", dir, "--work-tree=" + copy, "-c", "user.name=BuildQuietIT", "-c", "user.email=test@invalid",
                "commit", "-q", "-m", "the copy");
        String head = Kernel.run("git", dir, "rev-parse", "--short=12", "HEAD").strip();
        Files.writeString(copy.resolve("LICENSE"), "\n", StandardOpenOption.APPEND);
        quietBuild("second");
        assertEquals("commit:     " + head + " with uncommitted changes", versionLines().get(1));

        // Without asciidoctor: the jar still builds (everything up to `package`, which is what bin/tcpswarm
        // runs), then the package step stops with the one line that says what to install.
        Path path = pathWithout("asciidoctor");
        try {
            Build b = mvn(path.toString(), "verify");
            assertEquals(1, b.exit(), b.log());
            String log = b.log();
            int jarBuilt = log.indexOf("--- maven-shade-plugin");
            int told = log.indexOf("[ERROR] Failed to execute goal");
            assertTrue(jarBuilt > 0 && told > jarBuilt, log);
            String line = log.substring(told, log.indexOf('\n', told));
            assertTrue(line.contains("the man pages of the .deb need asciidoctor, which is not installed: apt-get install "
                    + "asciidoctor (or build without the package: mvn -Ddeb.skip ...)"), line);
            assertEquals(0, log.lines().filter(l -> l.startsWith("[WARNING]")).count(), log);
        } finally {
            try (Stream<Path> links = Files.list(path)) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
            Files.delete(path);
        }
    }

    private record Build(int exit, String log) {
    }

    private void quietBuild(String which) throws Exception {
        Build b = mvn(System.getenv("PATH"), "verify");
        List<String> warnings = b.log().lines().filter(l -> l.startsWith("[WARNING]")).toList();
        assertEquals(List.of(), warnings, "the " + which + " build:\n" + b.log());
        assertEquals(0, b.exit(), b.log());
        assertTrue(b.log().contains("BUILD SUCCESS"), b.log());
    }

    private List<String> versionLines() throws Exception {
        return Kernel.run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                copy.resolve("target/tcpswarm.jar").toString(), "--version").lines().toList();
    }

    /** {@code mvn GOAL} in the copy, offline and without tests, with {@code path} as PATH. */
    private Build mvn(String path, String goal) throws Exception {
        Path log = Files.createTempFile(copy, "build", ".log");
        ProcessBuilder pb = new ProcessBuilder("mvn", "-B", "-o", "-Dstyle.color=never", "-DskipTests", "-DskipITs", goal)
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PATH", path);
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + goal + " still running after 300 s:\n" + Files.readString(log));
        }
        return new Build(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * A PATH of one directory linking every command of the current PATH but {@code missing}; outside the
     * copy, whose deletion would complain about each link. The caller deletes it.
     */
    private static Path pathWithout(String missing) throws IOException {
        Path bin = Files.createTempDirectory("tcpswarm-path-without-" + missing);
        for (String dir : System.getenv("PATH").split(":")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> commands = Files.list(d)) {
                for (Path c : commands.toList()) {
                    Path link = bin.resolve(c.getFileName().toString());
                    if (!c.getFileName().toString().equals(missing) && Files.isExecutable(c) && !Files.exists(link,
                            LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, c);
                    }
                }
            }
        }
        return bin;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
