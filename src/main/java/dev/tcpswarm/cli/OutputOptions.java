package dev.tcpswarm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
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

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report with charts over "
            + "time, the latency distribution, errors and thresholds (opens offline, from file://)")
    Path html;

    /** What {@code --output} accepts. */
    static final List<String> FORMATS = List.of("text", "json");

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            completionCandidates = Candidates.OutputFormats.class,
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
        for (Path p : new Path[] {json, csv, hdrLog, junit, html}) {
            checkWritable(p);
        }
        jsonOnStdout();
    }

    /** With progress lines off ({@code -i 0}), the files that keep the run's history are still sampled this often. */
    static final long FILE_INTERVAL_WITHOUT_PROGRESS_MILLIS = 1000;

    /**
     * How often the run is sampled: at the progress interval; with progress lines off ({@code -i 0})
     * every second all the same when a file keeps the run's history ({@code --csv}, {@code --hdr-log},
     * {@code --html}), so that its charts and rows still go over time. 0: not sampled until the end.
     */
    long sampleIntervalMillis(long progressMillis) {
        boolean history = csv != null || hdrLog != null || html != null;
        return progressMillis > 0 || !history ? progressMillis : FILE_INTERVAL_WITHOUT_PROGRESS_MILLIS;
    }

    /** The command line as it was typed (with {@code run} where it was left out), {@code tcpswarm} first. */
    static List<String> commandLine(CommandSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add(spec.root().name());
        argv.addAll(spec.root().commandLine().getParseResult().originalArgs());
        return argv;
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
