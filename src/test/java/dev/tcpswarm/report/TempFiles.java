package dev.tcpswarm.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a test directory holds, to check that no temporary file is left behind. */
final class TempFiles {
    private TempFiles() {
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** The one temporary file next to {@code target} (the streaming writers' work in progress). */
    static Path tempFor(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        try (Stream<Path> files = Files.list(target.getParent())) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList());
            if (temps.size() != 1) {
                throw new AssertionError("expected one temporary file for " + target + ", found " + temps);
            }
            return temps.get(0);
        }
    }
}
