package dev.tcpswarm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.merge.MergeRefused;
import dev.tcpswarm.merge.MergedRun;
import dev.tcpswarm.merge.ShardMerge;
import dev.tcpswarm.report.IntervalFiles;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.report.JunitXmlWriter;
import dev.tcpswarm.report.OutputFailures;
import dev.tcpswarm.report.ResultDocument;
import dev.tcpswarm.report.TextReport;
import dev.tcpswarm.report.html.RunReportPage;
import dev.tcpswarm.stats.IntervalPoint;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.verdict.Threshold;
import dev.tcpswarm.verdict.ThresholdResult;
import dev.tcpswarm.verdict.Verdict;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tcpswarm merge}: the results of the shards of one plan ({@code run --shard I/N}) as one
 * run. Reads as a run ends: the shards' files, merged ({@link ShardMerge}: counts summed,
 * histograms added exactly, the timeline rebuilt on the common clock), the thresholds judged on the
 * merged data, the same report, files and exit codes as {@code run}. Shard files that cannot be
 * merged are one line on stderr and exit 64. Runs on the command's thread.
 */
@Command(name = "merge", sortOptions = false, usageHelpAutoWidth = true,
        description = "Merge the results of the shards of one plan (run --shard I/N: each shard's --json and "
                + "--hdr-log) into one run: the same report, thresholds judged on the merged data, the same exit codes.")
public final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Each shard's --json result and --hdr-log interval log, in any order")
    List<Path> files = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "EXPR", converter = ThresholdConverter.class,
            description = "Pass/fail rule on the merged data, repeatable (as for run): p(99)<50ms, established>=6000. "
                    + "When given, thresholds decide the exit code (0 or 3)")
    List<Threshold> thresholds = new ArrayList<>();

    @Mixin
    OutputOptions outputs = new OutputOptions();

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug = new DebugOption();

    @Mixin
    HelpOption help = new HelpOption();

    private final PrintStream out;
    private final PrintStream err;

    public MergeCommand() {
        this(System.in, System.out, System.err);
    }

    public MergeCommand(InputStream in, PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        outputs.check();
        MergedRun merged;
        try {
            merged = ShardMerge.mergeFiles(files);
        } catch (MergeRefused e) {
            throw new UsageException(e.getMessage());
        }
        RunResult result = merged.result();
        List<ThresholdResult> judged = Threshold.evaluateAll(thresholds, result);
        int verdict = Verdict.exitCode(result, thresholds, judged);
        OutputFailures failures = new OutputFailures(err);
        ProcessSignals.writingResults(); // a signal from here on waits for every file and the report
        // the traffic per interval, where every shard's log counts it (an older version's does not)
        boolean traffic = result.totals().messages().used()
                && merged.intervals().stream().allMatch(interval -> interval.traffic() != null);
        try (IntervalFiles intervalFiles = IntervalFiles.open(outputs.csv, outputs.hdrLog, result.start(),
                merged.plan(), result.totals().series(), traffic, merged.intervalMillis(), failures)) {
            for (IntervalSample interval : merged.intervals()) {
                intervalFiles.interval(interval);
            }
        }
        ResultDocument judgedDoc = new ResultDocument("merge", TcpSwarm.Version.current(), merged.plan(), result,
                judged, verdict);
        failures.write(outputs.junit, () -> JunitXmlWriter.write(judgedDoc, outputs.junit));
        ResultDocument pageDoc = judgedDoc.withExitCode(Verdict.withOutputs(verdict, failures.any()));
        failures.write(outputs.html, () -> RunReportPage.write(withMerged(JsonResultWriter.toTree(pageDoc), merged),
                pageDoc, merged.intervals().stream().map(IntervalPoint::of).toList(), OutputOptions.commandLine(spec),
                outputs.html));
        int exit = Verdict.withOutputs(verdict, failures.any());
        ObjectNode tree = withMerged(JsonResultWriter.toTree(new ResultDocument("merge", TcpSwarm.Version.current(),
                merged.plan(), result, judged, exit)), merged);
        if (outputs.jsonOnStdout()) {
            JsonResultWriter.writeTo(tree, out);
        } else {
            TextReport.print(out, merged.plan(), result, judged, Terminals.colourOnStdout());
            TextReport.wrap(shardsLine(merged)).forEach(out::println);
            out.flush();
        }
        failures.write(outputs.json, () -> JsonResultWriter.write(tree, outputs.json));
        return Verdict.withOutputs(verdict, failures.any());
    }

    /**
     * {@code tree} with what the merge adds to a run's result: how many shards, the bound on the peak
     * concurrency, how far apart the shards started, and each shard's own figures (its file, start
     * offset, counts and peak memory), for the JSON result and the HTML report's shard table.
     */
    static ObjectNode withMerged(ObjectNode tree, MergedRun merged) {
        ObjectNode node = tree.putObject("merged");
        node.put("shards", merged.shards()).put("max_concurrent_upper_bound", merged.maxConcurrentUpperBound());
        long spread = merged.each().stream().mapToLong(MergedRun.Shard::startOffsetNanos).max().orElse(0);
        node.put("start_spread_seconds", spread / 1e9);
        ArrayNode each = node.putArray("each");
        for (MergedRun.Shard s : merged.each()) {
            RunResult r = s.result();
            ObjectNode shard = each.addObject();
            shard.put("index", s.index());
            shard.put("file", s.json().toString());
            shard.put("start", r.start().toString());
            shard.put("start_offset_seconds", s.startOffsetNanos() / 1e9);
            shard.put("wall_seconds", r.wallNanos() / 1e9);
            shard.put("connections", r.counts().total());
            shard.put("attempts", r.totals().attempts());
            shard.put("established_total", r.totals().everEstablished());
            shard.put("max_concurrent", r.totals().maxConcurrent());
            shard.put("closed", r.counts().closed());
            shard.put("errors", r.counts().error());
            if (r.peakRssBytes() < 0) {
                shard.putNull("peak_rss_bytes");
            } else {
                shard.put("peak_rss_bytes", r.peakRssBytes());
            }
        }
        return tree;
    }

    /** What the report says of the merge itself: how many shards, and how exact the peak concurrency is. */
    static String shardsLine(MergedRun merged) {
        long peak = merged.result().totals().maxConcurrent();
        String every = merged.intervalMillis() > 0 ? ", every " + Durations.format(merged.intervalMillis() * 1_000_000)
                : "";
        return "Shards merged: " + merged.shards() + "; max concurrent from the merged timeline" + every
                + (peak == merged.maxConcurrentUpperBound() ? ", exact (the shards' own peaks add up to it)"
                        : ", at most " + merged.maxConcurrentUpperBound() + " (the shards' own peaks added up)")
                + "; peak memory: the largest shard's";
    }
}
