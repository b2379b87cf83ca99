package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.web.PageData;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpswarm merge} on the files of real shard runs (in this JVM, one after the other, against
 * the built-in server on loopback): a run merged alone reports exactly what it reported itself;
 * thresholds are judged on the merged data, where every shard alone passes and the whole plan
 * fails, and the reverse; and every input that cannot be merged is one line and exit 64.
 */
class MergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static BuiltInServer server;
    private static String port;
    /** Case A: 7 connections at 5/s over 3 shards, --max-duration 1.1s: shard 0's last (planned at 1.2 s) never starts. */
    private static List<Cli.Outcome> cutShort;

    @BeforeAll
    static void runShards() throws Exception {
        server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
        port = String.valueOf(server.port());
        cutShort = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cutShort.add(shard("a", i, 3, "-c", "7", "--rate", "5", "--max-duration", "1100ms", "-i", "200ms",
                    "--threshold", "error_rate<1%"));
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Shard {@code i}/{@code n} of a plan, its files named {@code <name>-<i>.json} and {@code .hlog}. */
    private static Cli.Outcome shard(String name, int i, int n, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "127.0.0.1", port, "-y", "--shard", i + "/" + n, "--json",
                file(name, i, "json").toString(), "--hdr-log", file(name, i, "hlog").toString()));
        args.addAll(List.of(more));
        if (!args.contains("-i")) {
            args.addAll(List.of("-i", "100ms"));
        }
        return Cli.run(args.toArray(new String[0]));
    }

    private static Path file(String name, int i, String ext) {
        return dir.resolve(name + "-" + i + "." + ext);
    }

    /** Every shard's two files of run {@code name}. */
    private static List<String> files(String name, int n) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(file(name, i, "json").toString());
            files.add(file(name, i, "hlog").toString());
        }
        return files;
    }

    private static Cli.Outcome merge(List<String> files, String... more) {
        List<String> args = new ArrayList<>(List.of("merge"));
        args.addAll(files);
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void everyShardAlonePassesButTheWholePlanFails() throws Exception {
        for (Cli.Outcome shard : cutShort) {
            assertEquals(0, shard.exit(), "error_rate<1% holds on each shard alone:\n" + shard.out() + shard.err());
        }
        JsonNode shard0 = JSON.readTree(file("a", 0, "json").toFile());
        assertTrue(shard0.at("/deadline_reached").asBoolean(), "shard 0 was cut short");
        assertEquals(1, shard0.at("/counts/not_initiated").asLong());

        Path json = dir.resolve("a-merged.json");
        Cli.Outcome merged = merge(files("a", 3), "--threshold", "error_rate<1%", "--threshold", "established>=7",
                "--json", json.toString());
        assertEquals(3, merged.exit(), merged.out() + merged.err());
        assertTrue(merged.out().contains("  PASS error_rate<1%"), merged.out());
        assertTrue(merged.out().matches("(?s).*\\n  FAIL established>=7 +6\\n.*"), merged.out());
        assertTrue(merged.out().contains("Deadline reached: the run did not finish within --max-duration"), merged.out());
        assertEquals("Total: 7, Dialing: 0, Established: 6, Closed: 0, Error: 0, NotInitiated: 1", merged.outLines().get(1));
        JsonNode r = JSON.readTree(json.toFile());
        assertEquals("merge", r.at("/command").asText());
        assertEquals(7, r.at("/settings/connections").asInt());
        assertEquals(3, r.at("/merged/shards").asInt());
        assertEquals(3, r.at("/exit_code").asInt());
        assertEquals(6, r.at("/connect_latency_ms/count").asInt());
        assertEquals(6, r.at("/dial_attempts").asInt());

        Cli.Outcome noThresholds = merge(files("a", 3));
        assertEquals(2, noThresholds.exit(), "without thresholds, as run: cut short is 2");
    }

    @Test
    void everyShardAloneFailsButTheWholePlanPasses() throws Exception {
        for (int i = 0; i < 3; i++) {
            Cli.Outcome shard = shard("b", i, 3, "-c", "300", "-s", "0", "-i", "0", "--threshold", "established>=300");
            assertEquals(3, shard.exit(), "a shard alone establishes 100:\n" + shard.out());
        }
        Path junit = dir.resolve("b.xml");
        Path csv = dir.resolve("b.csv");
        Cli.Outcome merged = merge(files("b", 3), "--threshold", "established>=300", "--threshold",
                "max_concurrent>=300", "--junit", junit.toString(), "--csv", csv.toString());
        assertEquals(0, merged.exit(), merged.out() + merged.err());
        assertTrue(merged.out().matches("(?s).*\\n  PASS established>=300 +300\\n.*"), merged.out());
        assertTrue(Files.readString(junit).contains("failures=\"0\""), Files.readString(junit));
        List<String> rows = Files.readAllLines(csv);
        assertEquals(2, rows.size(), "-i 0: one interval, the whole run, on each shard and in the merge: " + rows);
        assertTrue(rows.get(1).contains(",300,0,300,0,0,0,300,300,"), "all 300 started and established: " + rows.get(1));
    }

    /**
     * {@code merge --html}: the page of the merged run holds the merged result (the JSON's, with the
     * merge's own "merged" block: each shard's figures) and the merged timeline, whose intervals add
     * up to the whole plan and match the merged CSV row for row.
     */
    @Test
    void theMergedRunAsAPageHoldsTheMergedResultAndTimeline() throws Exception {
        for (int i = 0; i < 2; i++) {
            Cli.Outcome shard = shard("page", i, 2, "-c", "200", "--rate", "1000", "--hold", "300ms");
            assertEquals(0, shard.exit(), shard.out() + shard.err());
        }
        Path json = dir.resolve("page.json");
        Path html = dir.resolve("page.html");
        Path csv = dir.resolve("page.csv");
        Cli.Outcome merged = merge(files("page", 2), "--json", json.toString(), "--html", html.toString(), "--csv",
                csv.toString());
        assertEquals(0, merged.exit(), merged.out() + merged.err());
        ObjectNode result = (ObjectNode) JSON.readTree(json.toFile());
        assertEquals(2, result.at("/merged/shards").asInt());
        JsonNode page = PageData.read(html);
        assertEquals(result, page.get("result"), "the page's result is the merged JSON result, its shards included");
        JsonNode each = result.at("/merged/each");
        assertEquals(2, each.size(), "each shard's own figures: " + each);
        long peakRss = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode shard = each.get(i);
            assertEquals(i, shard.get("index").asInt());
            assertEquals(file("page", i, "json").toString(), shard.get("file").asText());
            assertEquals(100, shard.get("connections").asLong(), "shard " + i + " has half of the 200");
            assertEquals(100, shard.get("established_total").asLong());
            assertEquals(0, shard.get("errors").asLong());
            double offset = shard.get("start_offset_seconds").asDouble();
            assertTrue(offset >= 0 && offset <= result.at("/merged/start_spread_seconds").asDouble(), shard.toString());
            peakRss = Math.max(peakRss, shard.get("peak_rss_bytes").asLong());
        }
        assertEquals(0.0, Math.min(each.get(0).get("start_offset_seconds").asDouble(),
                each.get(1).get("start_offset_seconds").asDouble()), "offsets from the earliest shard's start");
        assertTrue(result.at("/merged/start_spread_seconds").asDouble() > 0, "the shards ran one after the other");
        assertEquals(result.at("/peak_rss_bytes").asLong(), peakRss, "peak memory is the largest shard's");
        JsonNode timeline = page.get("timeline");
        int points = timeline.get("elapsed_s").size();
        assertEquals(Files.readAllLines(csv).size(), points, "the start, then one point per merged interval (CSV rows)");
        long established = 0;
        for (int i = 0; i < points; i++) {
            established += timeline.get("established_in_interval").get(i).asLong();
        }
        assertEquals(200, established, "the merged intervals add up to the whole plan");
        assertEquals(200, timeline.get("established").get(points - 1).asLong());
    }

    /** A whole run merged alone reports what it reported: the merge loses nothing. */
    @Test
    void aRunMergedAloneReportsExactlyWhatTheRunDid() throws Exception {
        Cli.Outcome run = shard("whole", 0, 1, "-c", "400", "--rate", "2000", "--hold", "300ms");
        assertEquals(0, run.exit(), run.out() + run.err());
        Cli.Outcome merged = merge(files("whole", 1));
        assertEquals(0, merged.exit(), merged.err());
        Function<Cli.Outcome, List<String>> comparable = o -> {
            List<String> kept = new ArrayList<>();
            boolean dropping = false;
            for (String l : o.outLines()) {
                // the shards line and its continued lines (wrapped at 120 columns) are the merge's own
                dropping = l.startsWith("Peak memory") || l.startsWith("Shards merged") || dropping && l.startsWith("  ");
                if (!dropping) {
                    kept.add(l);
                }
            }
            return kept;
        };
        List<String> reported = comparable.apply(run);
        assertEquals(reported.subList(reported.indexOf("--- 127.0.0.1:" + port + " tcp test statistics ---"),
                reported.size()), comparable.apply(merged));
        assertTrue(merged.out().contains("Shards merged: 1; max concurrent from the merged timeline, every 100ms, exact"),
                merged.out());
        assertTrue(merged.outLines().stream().allMatch(l -> l.length() <= 120), merged.out());
    }

    @Test
    void everyInputThatCannotBeMergedIsOneLineAndExit64() throws Exception {
        List<String> all = files("a", 3);
        Path copy0 = Files.copy(file("a", 0, "json"), dir.resolve("copy-0.json"));
        Path copyLog0 = Files.copy(file("a", 0, "hlog"), dir.resolve("copy-0.hlog"));
        shard("c", 1, 3, "-c", "8", "--rate", "5", "--max-duration", "1100ms", "-i", "200ms");
        shard("d", 1, 4, "-c", "7", "--rate", "5", "--max-duration", "1100ms", "-i", "200ms");
        Path garbage = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"schema\": \"something/v1\"}");
        ObjectNode ramp = (ObjectNode) JSON.readTree(file("a", 2, "json").toFile());
        Path rampJson = dir.resolve("ramp.json");
        Files.writeString(rampJson, ramp.put("command", "ramp").toString());
        String log = Files.readString(file("a", 1, "hlog"));
        Path truncated = Files.writeString(dir.resolve("truncated.hlog"), log.substring(0, log.length() * 2 / 3));
        // a histogram that holds values (tagged lines are written only then), made undecodable
        Path broken = Files.writeString(dir.resolve("broken.hlog"),
                log.replaceFirst("(Tag=planned,[^,]*,[^,]*,[^,]*,HISTF)[A-Za-z0-9+/=]{20}", "$1!!!!"));

        String a0 = file("a", 0, "json").toString();
        String a1 = file("a", 1, "json").toString();
        String a2 = file("a", 2, "json").toString();
        String l0 = file("a", 0, "hlog").toString();
        String l1 = file("a", 1, "hlog").toString();
        String l2 = file("a", 2, "hlog").toString();
        refused(List.of(a0, l0, a1, l1), "shard 2/3 is missing: give the results of all 3 shards (0 to 2)");
        refused(List.of(a0, l0), "shards [1, 2] of 3 are missing: give the results of all 3 shards (0 to 2)");
        refused(with(all, copy0.toString()), "shard 0/3 is given twice: '" + a0 + "' and '" + copy0 + "'");
        refused(with(all, copyLog0.toString()), "shard 0/3 is given twice: '" + l0 + "' and '" + copyLog0 + "'");
        refused(List.of(a0, l0, file("c", 1, "json").toString(), file("c", 1, "hlog").toString(), a2, l2),
                "mixed settings: connections is 7 in '" + a0 + "' but 8 in '" + file("c", 1, "json") + "'");
        refused(List.of(a0, l0, file("d", 1, "json").toString(), file("d", 1, "hlog").toString(), a2, l2),
                "mixed shard counts: '" + a0 + "' is shard 0/3 but '" + file("d", 1, "json") + "' is shard 1/4");
        refused(List.of(a0, l0, a1, a2, l2), "shard 1: '" + a1 + "' has no interval log beside it");
        refused(List.of(a0, l0, l1, a2, l2), "shard 1: '" + l1 + "' has no JSON result beside it");
        refused(List.of(a0, l0, a1, file("c", 1, "hlog").toString(), a2, l2), "'" + file("c", 1, "hlog") + "' and '"
                + a1 + "' are not of the same run");
        refused(with(all, dir.resolve("nowhere.json").toString()), "cannot read '" + dir.resolve("nowhere.json")
                + "': no such file");
        refused(with(all, dir.toString()), "cannot read '" + dir + "': it is a directory");
        refused(with(all, garbage.toString()), "'" + garbage + "' is neither a tcpswarm JSON result nor an HDR interval log");
        refused(with(all, other.toString()), "'" + other + "' is not a tcpswarm result (schema tcpswarm.result/v1)");
        refused(List.of(a0, l0, a1, l1, rampJson.toString(), l2), "'" + rampJson + "' is the result of 'tcpswarm ramp'");
        refused(List.of(a0, l0, a1, truncated.toString(), a2, l2), "cannot read '" + truncated + "'");
        // whole lines lost: the last histogram of latencies from the planned start (shard 1 made 2 connections)
        int lost = log.lastIndexOf("\nTag=planned,") + 1;
        Path cut = Files.writeString(dir.resolve("cut.hlog"), log.substring(0, lost) + log.substring(log.indexOf('\n', lost) + 1));
        refused(List.of(a0, l0, a1, cut.toString(), a2, l2), "cannot read '" + cut + "' as the interval log of '" + a1
                + "': it holds ");
        refused(List.of(a0, l0, a1, broken.toString(), a2, l2), "cannot read '" + broken + "' as an HDR interval log");
        // a whole run (no --shard) among shards: named as what it is
        Path whole = dir.resolve("not-a-shard.json");
        Cli.Outcome run = Cli.run("run", "127.0.0.1", port, "-y", "-c", "2", "-i", "100ms", "--json", whole.toString(),
                "--hdr-log", dir.resolve("not-a-shard.hlog").toString());
        assertEquals(0, run.exit(), run.err());
        refused(List.of(a0, l0, whole.toString()), "'" + whole + "' is the result of a whole run (no --shard), not a "
                + "shard but '" + a0 + "' is shard 0/3: these are not shards of one plan");
        // not a regular file, or far bigger than any result: refused before it is read
        refused(with(all, "/dev/zero"), "'/dev/zero' is not a regular file");
        Path huge = dir.resolve("huge.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.write('{');
            f.setLength(3L * 1024 * 1024 * 1024); // sparse: 3 GB that take no room
        }
        refused(with(all, huge.toString()), "'" + huge + "' is 3,221,225,472 bytes, far more than any shard's JSON");
        Cli.Outcome none = Cli.run("merge");
        assertEquals(64, none.exit());
        assertTrue(none.err().startsWith("tcpswarm: Missing required parameter: 'FILE'"), none.err());
    }

    private static List<String> with(List<String> files, String more) {
        List<String> all = new ArrayList<>(files);
        all.add(more);
        return all;
    }

    private static void refused(List<String> files, String start) {
        Cli.Outcome o = merge(files, "--json", dir.resolve("never.json").toString());
        assertEquals(64, o.exit(), o.out() + o.err());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().startsWith("tcpswarm: " + start), "expected 'tcpswarm: " + start + "...', got: " + o.err());
        assertEquals("", o.out());
        assertTrue(!Files.exists(dir.resolve("never.json")), "nothing written");
    }
}
