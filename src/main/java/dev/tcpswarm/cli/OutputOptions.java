package dev.tcpswarm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where results go besides the human report: the files a CI system keeps, and {@code --output json}
 * for scripts. Every file is written to a temporary name and renamed, so none is half-written.
 */
public final class OutputOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "Write the whole result as JSON (schema tcpswarm.result/v1)")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV row per progress interval")
    Path csv;

    @Option(names = "--hdr-log", paramLabel = "FILE", description = "Write connect latency as an HdrHistogram interval log")
    Path hdrLog;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML: one test case per threshold, "
            + "one for 'every connection established'")
    Path junit;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "What goes to stdout at the end: the human report (text, default) or the JSON result "
                    + "(json; progress then goes to stderr)")
    String output;

    boolean jsonOnStdout() {
        switch (output.toLowerCase(Locale.ROOT)) {
            case "json":
                return true;
            case "text":
                return false;
            default:
                throw new UsageException("--output '" + output + "' is not text or json");
        }
    }

    /** Fails before the run when a file could not be written: a missing or read-only directory. */
    void check() {
        for (Path p : new Path[] {json, csv, hdrLog, junit}) {
            checkWritable(p);
        }
        jsonOnStdout();
    }

    /**
     * Fails before any connection when {@code file} (if given) could not be written: its directory is
     * missing or read-only, or it is a directory. Shared by every command that writes files.
     */
    static void checkWritable(Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("cannot write '" + file + "': the directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException("cannot write '" + file + "': the directory " + dir + " is not writable");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("cannot write '" + file + "': it is a directory");
        }
    }
}
