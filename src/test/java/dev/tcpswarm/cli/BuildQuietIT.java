package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * merged; the runnable jar is never shaded a second time). A copy of the project (pom and main
 * sources) is packaged twice, offline, from the local repository this build already filled.
 */
@Timeout(600)
class BuildQuietIT {
    @TempDir
    Path copy;

    @Test
    void packagingTwiceWarnsNeitherTime() throws Exception {
        Kernel.requireOrSkip(Kernel.exec("mvn", "--version").exit() == 0, "Maven (mvn) is not on the PATH");
        Path project = Path.of(System.getProperty("user.dir"));
        Files.copy(project.resolve("pom.xml"), copy.resolve("pom.xml"));
        copyTree(project.resolve("src/main"), copy.resolve("src/main"));

        for (String build : List.of("first", "second")) {
            String log = mvnPackage();
            List<String> warnings = log.lines().filter(l -> l.startsWith("[WARNING]")).toList();
            assertEquals(List.of(), warnings, "the " + build + " build:\n" + log);
            assertTrue(log.contains("BUILD SUCCESS"), log);
        }
        assertTrue(Files.isRegularFile(copy.resolve("target/tcpswarm.jar")));
    }

    private String mvnPackage() throws Exception {
        Path log = Files.createTempFile(copy, "build", ".log");
        Process p = new ProcessBuilder("mvn", "-B", "-o", "-Dstyle.color=never", "-DskipTests", "package")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn package still running after 300 s:\n" + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
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
