package dev.tcpswarm.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * {@code tcpswarm merge}: the results of the shards of one plan as one run. Reading
 * ({@link #read}): each shard's JSON result and HDR interval log, paired by shard index. Merging
 * ({@link #merge}, pure): every shard present once, the same plan; counts summed
 * ({@link TrackerTotals#plus}), histograms added exactly from the interval logs, the dialing phases
 * and the timeline rebuilt on the common clock (the earliest start: with {@code --start-at}, the
 * start time they share), and the peak concurrency taken from that timeline. Called on the
 * command's thread.
 */
public final class ShardMerge {
    /** Settings that may differ between shards: each machine has its own cores. */
    private static final List<String> PER_MACHINE = List.of("threads");

    private ShardMerge() {
    }

    /** Reads and merges the shard files (each shard's --json and --hdr-log, in any order). */
    public static MergedRun mergeFiles(List<Path> files) throws MergeRefused {
        return merge(read(files));
    }

    /** Each shard's result from its two files. */
    static List<ShardResult> read(List<Path> files) throws MergeRefused {
        Map<Integer, Path> jsonByIndex = new TreeMap<>();
        Map<Integer, ObjectNode> docByIndex = new TreeMap<>();
        Map<Integer, Path> logFileByIndex = new TreeMap<>();
        Map<Integer, IntervalLog> logByIndex = new TreeMap<>();
        for (Path file : files) {
            byte[] bytes = bytes(file);
            String head = new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.UTF_8)
                    .stripLeading();
            if (head.startsWith("{")) {
                JsonNode doc = ShardResult.parse(file, bytes);
                if (!ShardResult.isResult(doc) || !(doc instanceof ObjectNode o)) {
                    throw new MergeRefused("'" + file + "' is not a tcpswarm result (schema "
                            + dev.tcpswarm.report.JsonResultWriter.SCHEMA + ")");
                }
                if (!"run".equals(o.path("command").asText())) {
                    throw new MergeRefused("'" + file + "' is the result of 'tcpswarm " + o.path("command").asText()
                            + "', not of a run: give the results of 'tcpswarm run --shard'");
                }
                int index = o.at("/shard/index").asInt(-1);
                once(jsonByIndex, index, file, o.at("/shard/count").asInt(-1));
                docByIndex.put(index, o);
            } else if (head.startsWith("#")) {
                IntervalLog log = IntervalLog.read(file);
                int index = log.run().at("/shard/index").asInt(-1);
                once(logFileByIndex, index, file, log.run().at("/shard/count").asInt(-1));
                logByIndex.put(index, log);
            } else {
                throw new MergeRefused("'" + file + "' is neither a tcpswarm JSON result nor an HDR interval log: "
                        + "give each shard's --json and --hdr-log files");
            }
        }
        List<ShardResult> shards = new ArrayList<>();
        for (Map.Entry<Integer, Path> json : jsonByIndex.entrySet()) {
            IntervalLog log = logByIndex.remove(json.getKey());
            if (log == null) {
                throw new MergeRefused("shard " + json.getKey() + ": '" + json.getValue() + "' has no interval log "
                        + "beside it: give each shard's --hdr-log file too (the histograms come from it)");
            }
            shards.add(ShardResult.read(json.getValue(), docByIndex.get(json.getKey()), log));
        }
        for (IntervalLog log : logByIndex.values()) {
            throw new MergeRefused("shard " + log.run().at("/shard/index").asInt() + ": '" + log.file() + "' has no "
                    + "JSON result beside it: give each shard's --json file too (the counts come from it)");
        }
        if (shards.isEmpty()) {
            throw new MergeRefused("no shard results given: give each shard's --json and --hdr-log files");
        }
        return shards;
    }

    private static byte[] bytes(Path file) throws MergeRefused {
        try {
            if (Files.isDirectory(file)) {
                throw new MergeRefused("cannot read '" + file + "': it is a directory (give the files in it)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MergeRefused("cannot read '" + file + "': no such file");
        } catch (AccessDeniedException e) {
            throw new MergeRefused("cannot read '" + file + "': permission denied");
        } catch (IOException e) {
            throw new MergeRefused("cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static void once(Map<Integer, Path> byIndex, int index, Path file, int count) throws MergeRefused {
        if (index < 0 || count < 1) {
            throw new MergeRefused("'" + file + "' says no shard index (written by an older tcpswarm?)");
        }
        Path before = byIndex.putIfAbsent(index, file);
        if (before != null) {
            throw new MergeRefused("shard " + index + "/" + count + " is given twice: '" + before + "' and '" + file
                    + "'");
        }
    }

    /** The shards as one run; refuses shards missing, or of different plans. */
    static MergedRun merge(List<ShardResult> shards) throws MergeRefused {
        ShardResult first = shards.get(0);
        int count = first.count();
        for (ShardResult s : shards) {
            if (s.count() != count) {
                throw new MergeRefused("mixed shard counts: '" + first.json() + "' is shard " + first.label() + " but '"
                        + s.json() + "' is shard " + s.label() + ": these are not shards of one plan");
            }
            sameSettings(first, s);
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int index = i;
            if (shards.stream().noneMatch(s -> s.index() == index)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new MergeRefused((missing.size() == 1 ? "shard " + missing.get(0) + "/" + count + " is missing"
                    : "shards " + missing + " of " + count + " are missing") + ": give the results of all " + count
                    + " shards (0 to " + (count - 1) + ")");
        }
        Instant start = shards.stream().map(s -> s.result().start()).min(Instant::compareTo).orElseThrow();
        TrackerTotals totals = null;
        long wallEnd = 0;
        long peakBound = 0;
        long peakOfOne = 0;
        long rss = -1;
        Instant end = start;
        for (ShardResult s : shards) {
            RunResult r = s.result();
            long offset = nanosBetween(start, r.start());
            TrackerTotals t = r.totals().withDialPhase(r.totals().dialPhase().shifted(offset));
            totals = totals == null ? t : totals.plus(t);
            wallEnd = Math.max(wallEnd, offset + r.wallNanos());
            peakBound += r.totals().maxConcurrent();
            peakOfOne = Math.max(peakOfOne, r.totals().maxConcurrent());
            rss = Math.max(rss, r.peakRssBytes());
            end = r.end().isAfter(end) ? r.end() : end;
        }
        List<IntervalSample> timeline = timeline(shards, start.toEpochMilli(), first.intervalMillis());
        long peak = peakOfOne;
        for (IntervalSample s : timeline) {
            peak = Math.max(peak, s.counts().established());
        }
        peak = Math.min(peak, peakBound);
        boolean interrupted = shards.stream().anyMatch(s -> s.result().interrupted());
        boolean deadline = shards.stream().anyMatch(s -> s.result().deadlineReached());
        RunResult result = new RunResult(start, end, wallEnd, totals.withMaxConcurrent(peak), interrupted, deadline,
                rss);
        return new MergedRun(plan(first), result, timeline, first.intervalMillis(), count, peakBound);
    }

    private static long nanosBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }

    /** Refuses shards whose plans differ (but for what each machine has of its own). */
    private static void sameSettings(ShardResult a, ShardResult b) throws MergeRefused {
        for (Map.Entry<String, JsonNode> field : a.settings().properties()) {
            JsonNode other = b.settings().get(field.getKey());
            if (!PER_MACHINE.contains(field.getKey()) && !field.getValue().equals(other)) {
                throw new MergeRefused("mixed settings: " + field.getKey() + " is " + field.getValue() + " in '"
                        + a.json() + "' but " + (other == null ? "missing" : other.toString()) + " in '" + b.json()
                        + "': these are not shards of one plan");
            }
        }
        if (a.intervalMillis() != b.intervalMillis()) {
            throw new MergeRefused(String.format(Locale.ROOT, "mixed settings: the interval (-i) is %.3f s in '%s' "
                    + "but %.3f s in '%s': give every shard the same -i", a.intervalMillis() / 1000.0, a.hdrLog(),
                    b.intervalMillis() / 1000.0, b.hdrLog()));
        }
    }

    /**
     * The shards' intervals on the common clock: interval {@code k} ends {@code k} interval lengths
     * after the common start, and holds each shard's interval that ends nearest to that moment
     * (with --start-at, the shards sample at the same moments: the k-th of each). A shard with no
     * interval there adds its counts as they last were (before its first interval: all not
     * initiated; after its last: as it ended). Without intervals (-i 0) each shard has one, the
     * whole run, and so has the merge.
     */
    static List<IntervalSample> timeline(List<ShardResult> shards, long startMillis, long stepMillis) {
        int last = 1;
        long lastEnd = startMillis;
        List<int[]> stepsOfShards = new ArrayList<>();
        for (ShardResult s : shards) {
            int[] steps = new int[s.intervals().size()];
            for (int j = 0; j < steps.length; j++) {
                long end = s.intervals().get(j).epochMillis();
                steps[j] = stepMillis == 0 ? 1
                        : (int) Math.max(1, Math.round((end - startMillis) / (double) stepMillis));
                last = Math.max(last, steps[j]);
                lastEnd = Math.max(lastEnd, end);
            }
            stepsOfShards.add(steps);
        }
        Step[] timeline = new Step[last + 1];
        for (int k = 1; k <= last; k++) {
            timeline[k] = new Step();
        }
        for (int i = 0; i < shards.size(); i++) {
            List<IntervalSample> own = shards.get(i).intervals();
            int[] steps = stepsOfShards.get(i);
            long total = shards.get(i).result().counts().total();
            StatusCounts counts = new StatusCounts(total, 0, 0, 0, 0, total);
            int j = 0;
            for (int k = 1; k <= last; k++) {
                for (; j < steps.length && steps[j] == k; j++) {
                    timeline[k].add(own.get(j)); // two of one shard on one step: the later one's counts
                    counts = own.get(j).counts();
                }
                timeline[k].counts = timeline[k].counts.plus(counts);
            }
        }
        List<IntervalSample> samples = new ArrayList<>();
        for (int k = 1; k <= last; k++) {
            long from = startMillis + (k - 1) * stepMillis;
            samples.add(timeline[k].sample(from, k == last ? Math.max(lastEnd, from) : startMillis + k * stepMillis));
        }
        return samples;
    }

    /** One interval of the merged timeline, as it is added up: counts, and histograms made only for values. */
    private static final class Step {
        StatusCounts counts = new StatusCounts(0, 0, 0, 0, 0, 0);
        long started;
        long established;
        long late;
        final Histogram[] histograms = new Histogram[5];

        void add(IntervalSample s) {
            started += s.startedInInterval();
            established += s.establishedInInterval();
            late += s.lateStartsInInterval();
            Histogram[] theirs = {s.connectLatency(), s.plannedLatency(), s.timeToError(), s.timeToClose(),
                    s.scheduleLag()};
            for (int h = 0; h < theirs.length; h++) {
                if (theirs[h].getTotalCount() > 0) {
                    if (histograms[h] == null) {
                        histograms[h] = IntervalLog.compact();
                    }
                    histograms[h].add(theirs[h]);
                }
            }
        }

        IntervalSample sample(long from, long to) {
            Histogram[] h = new Histogram[histograms.length];
            for (int i = 0; i < h.length; i++) {
                h[i] = IntervalSample.stamped(histograms[i] == null ? IntervalLog.compact() : histograms[i], from, to);
            }
            return new IntervalSample(to, counts, started, established, late, h[0], h[1], h[2], h[3], h[4]);
        }
    }

    /** Adds {@code values} into {@code sum}, skipping the work for an empty one. */
    static void addTo(Histogram sum, Histogram values) {
        if (values.getTotalCount() > 0) {
            sum.add(values);
        }
    }

    /** The whole plan, from the settings every shard recorded. */
    private static LoadPlan plan(ShardResult shard) throws MergeRefused {
        ObjectNode s = shard.settings();
        try {
            int port = s.path("port").asInt();
            JsonNode resolved = s.path("resolved_address");
            InetSocketAddress address = resolved.isTextual()
                    ? new InetSocketAddress(InetAddress.getByName(resolved.asText()), port)
                    : InetSocketAddress.createUnresolved(s.path("host").asText(), port);
            List<InetAddress> sources = new ArrayList<>();
            for (JsonNode source : s.path("sources")) {
                sources.add(InetAddress.getByName(source.asText()));
            }
            JsonNode maxDuration = s.path("max_duration_seconds");
            LoadPlan plan = new LoadPlan(new Target(s.path("host").asText(), port, address), s.path("connections").asInt(),
                    Math.round(s.path("start_interval_ms").asDouble() * 1e6), s.path("dial_timeout_ms").asInt(),
                    Math.round(s.path("hold_seconds").asDouble() * 1e9), s.path("reconnect").asBoolean(),
                    maxDuration.isNumber() ? Math.round(maxDuration.asDouble() * 1e9) : 0,
                    CloseMode.valueOf(s.path("close_mode").asText().toUpperCase(Locale.ROOT)), sources,
                    s.path("threads").asInt());
            JsonNode startAt = s.path("start_at");
            return startAt.isTextual() ? plan.startingAt(Instant.parse(startAt.asText())) : plan;
        } catch (UnknownHostException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new MergeRefused("cannot read the settings of '" + shard.json() + "': " + e.getMessage());
        }
    }
}
