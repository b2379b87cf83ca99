package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.report.IntervalFiles;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.report.OutputFailures;
import dev.tcpswarm.report.ResultDocument;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.LatencySeries;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.RunResult;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge of many intervals fits in a small heap: 10 shards, each with 61 intervals in its log (as
 * a twelve-second hold at -i 200ms makes), merged by the real jar with a 64 MB heap. The logs are
 * replayed one at a time into the totals and the merged timeline, not kept: kept as histograms
 * (five of about 190 KB per interval, the run's range), 610 intervals are over 500 MB. The shard
 * files are made with tcpswarm's own tracker and writers, as a run makes them.
 */
@Timeout(120)
class MergeMemoryIT {
    private static final int SHARDS = 10;
    private static final int PER_SHARD = 1000;
    private static final int HELD_INTERVALS = 60;

    @TempDir
    Path dir;

    @Test
    void tenShardsOfSixtyIntervalsMergeInA64MegabyteHeap() throws Exception {
        LoadPlan whole = new LoadPlan(new Target("127.0.0.1", 9, new InetSocketAddress("127.0.0.1", 9)),
                SHARDS * PER_SHARD, 66_667, 5000, TimeUnit.SECONDS.toNanos(60), false, 0, CloseMode.RST, List.of(), 1);
        Random random = new Random(13);
        List<String> args = new ArrayList<>(List.of("merge"));
        Instant start = Instant.now();
        for (int i = 0; i < SHARDS; i++) {
            LoadPlan plan = whole.slice(i, SHARDS);
            ConnectionTracker tracker = new ConnectionTracker(plan.connections());
            LoopRecorder trackerLoop = tracker.newLoopRecorder();
            Path json = dir.resolve("shard-" + i + ".json");
            Path hlog = dir.resolve("shard-" + i + ".hlog");
            OutputFailures failures = new OutputFailures(new PrintStream(PrintStream.nullOutputStream()));
            try (IntervalFiles files = IntervalFiles.open(null, hlog, start, plan, LatencySeries.ofRun(false, false), false,
                    200, failures)) {
                for (int c = 0; c < plan.connections(); c++) {
                    trackerLoop.dialStarted();
                    trackerLoop.startLag(random.nextInt(2_000_000));
                    long connect = 50_000 + (long) (random.nextDouble() * random.nextDouble() * 900_000_000);
                    trackerLoop.established(connect, connect + random.nextInt(2_000_000), false);
                }
                files.interval(tracker.sampleInterval());
                for (int k = 0; k < HELD_INTERVALS; k++) {
                    files.interval(tracker.sampleInterval());
                }
            }
            RunResult result = new RunResult(start, Instant.now(), TimeUnit.SECONDS.toNanos(61), tracker.totals(), false,
                    false, -1);
            JsonResultWriter.write(new ResultDocument("run", "test", plan, result, List.of(), 0), json);
            args.addAll(List.of(json.toString(), hlog.toString()));
        }
        args.addAll(List.of("--output", "json"));

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", JarProcess.jar().toAbsolutePath().toString()));
        cmd.addAll(args);
        Path out = dir.resolve("merged.out");
        Process merge = JarProcess.runToEnd(new ProcessBuilder(cmd), out, 90);
        assertEquals(0, merge.exitValue(), Files.readString(out));
        JsonNode merged = new ObjectMapper().readTree(out.toFile());
        assertEquals(SHARDS * PER_SHARD, merged.at("/established_total").asLong());
        assertEquals(SHARDS * PER_SHARD, merged.at("/connect_latency_ms/count").asLong());
        assertEquals(SHARDS, merged.at("/merged/shards").asInt());
    }
}
