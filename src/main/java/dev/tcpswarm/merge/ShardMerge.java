package dev.tcpswarm.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tcpswarm merge}: the results of the shards of one plan as one run. Reading
 * ({@link #read}): each shard's JSON result and HDR interval log, paired by shard index. Merging
 * ({@link #merge}): every shard present once, the same plan; each log replayed once, into its
 * shard's totals and the merged {@link Timeline}; counts summed ({@link TrackerTotals#plus}),
 * histograms added exactly, the dialing phases and the timeline on the common clock (the earliest
 * start: with {@code --start-at}, the start time they share), and the peak concurrency taken from
 * that timeline. Called on the command's thread.
 */
public final class ShardMerge {
    /** Settings that may differ between shards: each machine has its own cores. */
    private static final List<String> PER_MACHINE = List.of("threads");

    private ShardMerge() {
    }

    /** Far beyond any shard's JSON result (a few kilobytes): a bigger file is refused, not read. */
    static final long MAX_RESULT_BYTES = 64L * 1024 * 1024;

    /** Reads and merges the shard files (each shard's --json and --hdr-log, in any order). */
    public static MergedRun mergeFiles(List<Path> files) throws MergeRefused {
        return merge(read(files));
    }

    /** Each shard's two files, paired by shard index. */
    static List<ShardFiles> read(List<Path> files) throws MergeRefused {
        Map<Integer, Path> jsonByIndex = new TreeMap<>();
        Map<Integer, ObjectNode> docByIndex = new TreeMap<>();
        Map<Integer, Path> logFileByIndex = new TreeMap<>();
        Map<Integer, IntervalLog> logByIndex = new TreeMap<>();
        Map<Path, Integer> countByFile = new HashMap<>();
        for (Path file : files) {
            String head = head(file);
            if (head.startsWith("{")) {
                JsonNode doc = ShardResult.parse(file, bytes(file));
                if (!ShardResult.isResult(doc) || !(doc instanceof ObjectNode o)) {
                    throw new MergeRefused("'" + file + "' is not a tcpswarm result (schema " + JsonResultWriter.SCHEMA
                            + ")");
                }
                if (!"run".equals(o.path("command").asText())) {
                    throw new MergeRefused("'" + file + "' is the result of 'tcpswarm " + o.path("command").asText()
                            + "', not of a run: give the results of 'tcpswarm run --shard'");
                }
                int index = o.at("/shard/index").asInt(-1);
                once(jsonByIndex, countByFile, index, file, o.at("/shard/count").asInt(-1));
                docByIndex.put(index, o);
            } else if (head.startsWith("#")) {
                IntervalLog log = IntervalLog.open(file);
                int index = log.run().at("/shard/index").asInt(-1);
                once(logFileByIndex, countByFile, index, file, log.run().at("/shard/count").asInt(-1));
                logByIndex.put(index, log);
            } else {
                throw new MergeRefused("'" + file + "' is neither a tcpswarm JSON result nor an HDR interval log: "
                        + "give each shard's --json and --hdr-log files");
            }
        }
        List<ShardFiles> shards = new ArrayList<>();
        for (Map.Entry<Integer, Path> json : jsonByIndex.entrySet()) {
            IntervalLog log = logByIndex.remove(json.getKey());
            if (log == null) {
                throw new MergeRefused("shard " + json.getKey() + ": '" + json.getValue() + "' has no interval log "
                        + "beside it: give each shard's --hdr-log file too (the histograms come from it)");
            }
            ShardFiles paired = new ShardFiles(json.getValue(), docByIndex.get(json.getKey()), log);
            paired.checkPaired();
            shards.add(paired);
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

    /** The first bytes of {@code file}, which say what it is; only a regular file is read at all. */
    private static String head(Path file) throws MergeRefused {
        try (InputStream in = Files.newInputStream(checkedFile(file))) {
            return new String(in.readNBytes(64), StandardCharsets.UTF_8).stripLeading();
        } catch (IOException e) {
            throw new MergeRefused("cannot read '" + file + "': " + e.getMessage());
        }
    }

    /**
     * {@code file}, when it is a regular file no bigger than {@link #MAX_RESULT_BYTES} (a device, a
     * pipe or a huge file is refused here, before anything is read).
     */
    private static Path checkedFile(Path file) throws MergeRefused {
        try {
            if (Files.isDirectory(file)) {
                throw new MergeRefused("cannot read '" + file + "': it is a directory (give the files in it)");
            }
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new MergeRefused("'" + file + "' is not a regular file (a device or a pipe): give each shard's "
                        + "--json and --hdr-log files");
            }
            return file;
        } catch (NoSuchFileException e) {
            throw new MergeRefused("cannot read '" + file + "': no such file");
        } catch (AccessDeniedException e) {
            throw new MergeRefused("cannot read '" + file + "': permission denied");
        } catch (IOException e) {
            throw new MergeRefused("cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static byte[] bytes(Path file) throws MergeRefused {
        try {
            long size = Files.size(checkedFile(file));
            if (size > MAX_RESULT_BYTES) {
                throw new MergeRefused(String.format(Locale.ROOT, "'%s' is %,d bytes, far more than any shard's JSON "
                        + "result (at most %,d): give each shard's --json and --hdr-log files", file, size,
                        MAX_RESULT_BYTES));
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

    private static void once(Map<Integer, Path> byIndex, Map<Path, Integer> countByFile, int index, Path file,
            int count) throws MergeRefused {
        if (index < 0 || count < 1) {
            throw new MergeRefused("'" + file + "' says no shard index (written by an older tcpswarm?)");
        }
        Path before = byIndex.putIfAbsent(index, file);
        countByFile.put(file, count);
        if (before != null && countByFile.get(before) != count) {
            throw new MergeRefused("'" + file + "' is " + label(index, count) + " but '" + before + "' is "
                    + label(index, countByFile.get(before)) + ": these are not shards of one plan");
        }
        if (before != null) {
            throw new MergeRefused("shard " + index + "/" + count + " is given twice: '" + before + "' and '" + file
                    + "'");
        }
    }

    /** What a file is: {@code shard 0/2}, or a whole run (one that had no --shard). */
    private static String label(int index, int count) {
        return count == 1 ? "the result of a whole run (no --shard), not a shard" : "shard " + index + "/" + count;
    }

    /** The shards as one run; refuses shards missing, or of different plans. */
    static MergedRun merge(List<ShardFiles> shards) throws MergeRefused {
        ShardFiles first = shards.get(0);
        int count = first.count();
        for (ShardFiles s : shards) {
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
        Instant start = first.start();
        for (ShardFiles s : shards) {
            start = s.start().isBefore(start) ? s.start() : start;
        }
        Timeline timeline = new Timeline(start.toEpochMilli(), first.log().intervalMillis());
        TrackerTotals totals = null;
        long wallEnd = 0;
        long peakBound = 0;
        long peakOfOne = 0;
        long rss = -1;
        Instant end = start;
        boolean interrupted = false;
        boolean deadline = false;
        List<MergedRun.Shard> each = new ArrayList<>();
        for (ShardFiles files : shards) {
            RunResult r = ShardResult.read(files, timeline).result();
            long offset = nanosBetween(start, r.start());
            each.add(new MergedRun.Shard(files.index(), files.json(), offset, r));
            TrackerTotals t = r.totals().withDialPhase(r.totals().dialPhase().shifted(offset));
            totals = totals == null ? t : totals.plus(t);
            wallEnd = Math.max(wallEnd, offset + r.wallNanos());
            peakBound += r.totals().maxConcurrent();
            peakOfOne = Math.max(peakOfOne, r.totals().maxConcurrent());
            rss = Math.max(rss, r.peakRssBytes());
            end = r.end().isAfter(end) ? r.end() : end;
            interrupted |= r.interrupted();
            deadline |= r.deadlineReached();
        }
        List<IntervalSample> intervals = timeline.intervals();
        long peak = peakOfOne;
        for (IntervalSample s : intervals) {
            peak = Math.max(peak, s.counts().established());
        }
        peak = Math.min(peak, peakBound);
        RunResult result = new RunResult(start, end, wallEnd, totals.withMaxConcurrent(peak), interrupted, deadline,
                rss);
        each.sort(Comparator.comparingInt(MergedRun.Shard::index));
        return new MergedRun(plan(first), result, intervals, first.log().intervalMillis(), count, peakBound, each);
    }

    private static long nanosBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }

    /** Refuses shards whose plans differ (but for what each machine has of its own). */
    private static void sameSettings(ShardFiles a, ShardFiles b) throws MergeRefused {
        for (Map.Entry<String, JsonNode> field : a.settings().properties()) {
            JsonNode other = b.settings().get(field.getKey());
            if (!PER_MACHINE.contains(field.getKey()) && !field.getValue().equals(other)) {
                throw new MergeRefused("mixed settings: " + field.getKey() + " is " + field.getValue() + " in '"
                        + a.json() + "' but " + (other == null ? "missing" : other.toString()) + " in '" + b.json()
                        + "': these are not shards of one plan");
            }
        }
        if (ShardResult.usedTls(a.doc()) != ShardResult.usedTls(b.doc())) {
            ShardFiles tls = ShardResult.usedTls(a.doc()) ? a : b;
            throw new MergeRefused("mixed settings: '" + tls.json() + "' is of a run with --tls but '"
                    + (tls == a ? b : a).json() + "' is not: these are not shards of one plan");
        }
        if (a.log().intervalMillis() != b.log().intervalMillis()) {
            throw new MergeRefused(String.format(Locale.ROOT, "mixed settings: the interval (-i) is %.3f s in '%s' "
                    + "but %.3f s in '%s': give every shard the same -i", a.log().intervalMillis() / 1000.0,
                    a.log().file(), b.log().intervalMillis() / 1000.0, b.log().file()));
        }
    }

    /** The whole plan, from the settings every shard recorded. */
    private static LoadPlan plan(ShardFiles shard) throws MergeRefused {
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
