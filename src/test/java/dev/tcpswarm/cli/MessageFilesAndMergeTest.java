package dev.tcpswarm.cli;

import static dev.tcpswarm.report.IntervalFileReads.columnSum;
import static dev.tcpswarm.report.IntervalFileReads.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response latency and the traffic counts in the interval files and in {@code merge}: two
 * shards of {@code run --message ... --expect} against the built-in echo server on loopback. Each
 * shard's CSV has the response's columns and its HDR log the {@code response} histogram, both adding
 * up to the answers its result counts, and the CSV's traffic columns add up to its messages and
 * bytes (the bytes those the server echoed); merging the shards gives exactly the sum of their messages,
 * answers and bytes, and the percentiles of their response histograms added together.
 */
@Timeout(120)
class MessageFilesAndMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path file(int i, String ext) {
        return dir.resolve("msg-" + i + "." + ext);
    }

    /** The CSV's traffic columns add up to the result's counts. */
    private static void assertTraffic(Path csv, JsonNode messages) throws IOException {
        assertEquals(messages.at("/sent").asLong(), columnSum(csv, "messages_in_interval"), csv + ": " + messages);
        assertEquals(messages.at("/response_timeouts").asLong(), columnSum(csv, "response_timeouts_in_interval"));
        assertEquals(messages.at("/bytes_sent").asLong(), columnSum(csv, "bytes_sent_in_interval"));
        assertEquals(messages.at("/bytes_received").asLong(), columnSum(csv, "bytes_received_in_interval"));
    }

    @Test
    void eachShardsFilesHoldItsResponsesAndTheMergeAddsThemExactly() throws Exception {
        JsonNode[] shards = new JsonNode[2];
        Histogram both = new Histogram(3);
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            long echoedBefore = 0;
            for (int i = 0; i < 2; i++) {
                Cli.Outcome o = Cli.run("run", "127.0.0.1:" + echo.port(), "-c", "40", "--shard", i + "/2", "-s", "0",
                        "--hold", "1s", "--message", "ping\\n", "--message-rate", "20", "--expect", "\\n",
                        "--response-timeout", "10s", "-y", "-i", "100ms", "--json", file(i, "json").toString(),
                        "--hdr-log", file(i, "hlog").toString(), "--csv", file(i, "csv").toString());
                assertEquals(0, o.exit(), o.out() + o.err());
                shards[i] = JSON.readTree(file(i, "json").toFile());
                JsonNode m = shards[i].at("/messages");
                long responses = m.at("/responses").asLong();
                assertTrue(responses >= 20 * 20, "20 connections at 20/s for 1 s at least: " + m);
                assertEquals(m.at("/sent").asLong(), responses, "every message answered: " + m);
                List<String> header = List.of(Files.readAllLines(file(i, "csv")).get(0).split(","));
                assertEquals(List.of("responses_in_interval", "response_p50_ms", "response_p99_ms",
                        "messages_in_interval", "response_timeouts_in_interval", "bytes_sent_in_interval",
                        "bytes_received_in_interval"), header.subList(header.size() - 7, header.size()),
                        "the CSV's response columns, then the traffic's, last");
                assertEquals(responses, columnSum(file(i, "csv"), "responses_in_interval"));
                assertTraffic(file(i, "csv"), m);
                long sent = m.at("/bytes_sent").asLong();
                long before = echoedBefore;
                Kernel.awaitEquals(sent, () -> echo.echoedBytes() - before, 10, "the bytes the server echoed");
                long echoed = echo.echoedBytes() - echoedBefore;
                echoedBefore = echo.echoedBytes();
                assertEquals(echoed, m.at("/bytes_sent").asLong(), "the server echoed what the shard sent: " + m);
                Histogram response = tagged(file(i, "hlog"), "response");
                assertEquals(responses, response.getTotalCount(), "the log's response histograms hold every answer");
                assertEquals(m.at("/response_latency_ms/max").asDouble(), response.getMaxValue() / 1000.0, 0.01);
                both.add(response);
            }
        }

        Path mergedJson = dir.resolve("merged.json");
        Path mergedCsv = dir.resolve("merged.csv");
        Path mergedLog = dir.resolve("merged.hlog");
        List<String> args = new ArrayList<>(List.of("merge"));
        for (int i = 0; i < 2; i++) {
            args.addAll(List.of(file(i, "json").toString(), file(i, "hlog").toString()));
        }
        args.addAll(List.of("--json", mergedJson.toString(), "--csv", mergedCsv.toString(), "--hdr-log",
                mergedLog.toString(), "--threshold", "response_p(99)<60s", "--threshold", "response_timeouts==0"));
        Cli.Outcome merged = Cli.run(args.toArray(new String[0]));
        assertEquals(0, merged.exit(), merged.out() + merged.err());
        JsonNode m = JSON.readTree(mergedJson.toFile()).at("/messages");
        for (String count : List.of("/sent", "/responses", "/response_timeouts", "/responses_late", "/bytes_sent",
                "/bytes_received")) {
            assertEquals(shards[0].at("/messages" + count).asLong() + shards[1].at("/messages" + count).asLong(),
                    m.at(count).asLong(), count + " of the merge: " + m);
        }
        assertTrue(m.at("/expecting").asBoolean(), m.toString());
        long responses = both.getTotalCount();
        assertEquals(responses, m.at("/response_latency_ms/count").asLong());
        assertEquals(both.getValueAtPercentile(50) / 1000.0, m.at("/response_latency_ms/p50").asDouble(), 1e-9,
                "the merged p50 is the p50 of both shards' answers together");
        assertEquals(both.getValueAtPercentile(99) / 1000.0, m.at("/response_latency_ms/p99").asDouble(), 1e-9);
        assertEquals(both.getMaxValue() / 1000.0, m.at("/response_latency_ms/max").asDouble(), 1e-9);
        assertEquals(responses, columnSum(mergedCsv, "responses_in_interval"));
        assertTraffic(mergedCsv, m);
        assertEquals(responses, tagged(mergedLog, "response").getTotalCount());
    }

    /**
     * Interval logs of an older version count no traffic per interval: merged, the CSV has no
     * traffic columns (rather than columns of zeros) and the HTML report no traffic charts, while the
     * result's totals are still the shards' sums.
     */
    @Test
    void olderLogsWithoutTrafficPerIntervalMergeWithoutIt() throws Exception {
        List<String> args = new ArrayList<>(List.of("merge"));
        long sent = 0;
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            for (int i = 0; i < 2; i++) {
                Cli.Outcome o = Cli.run("run", "127.0.0.1:" + echo.port(), "-c", "10", "--shard", i + "/2", "-s", "0",
                        "--hold", "500ms", "--message", "ping\\n", "--message-rate", "10", "--expect", "\\n", "-y",
                        "-i", "100ms", "--json", file(i, "json").toString(), "--hdr-log", file(i, "hlog").toString());
                assertEquals(0, o.exit(), o.out() + o.err());
                sent += JSON.readTree(file(i, "json").toFile()).at("/messages/sent").asLong();
                List<String> lines = Files.readAllLines(file(i, "hlog"));
                assertTrue(lines.stream().filter(l -> l.startsWith("#tcpswarm-interval:"))
                        .allMatch(l -> l.contains(";messages=")), "every interval counts its traffic");
                Files.write(file(i, "hlog"), lines.stream().map(l -> l.replaceFirst(";messages=.*$", "")).toList());
                args.addAll(List.of(file(i, "json").toString(), file(i, "hlog").toString()));
            }
        }
        Path csv = dir.resolve("old.csv");
        Path html = dir.resolve("old.html");
        Path json = dir.resolve("old.json");
        args.addAll(List.of("--csv", csv.toString(), "--html", html.toString(), "--json", json.toString()));
        Cli.Outcome merged = Cli.run(args.toArray(new String[0]));
        assertEquals(0, merged.exit(), merged.out() + merged.err());
        assertEquals(sent, JSON.readTree(json.toFile()).at("/messages/sent").asLong());
        List<String> header = List.of(Files.readAllLines(csv).get(0).split(","));
        assertTrue(header.stream().noneMatch(c -> c.startsWith("messages_") || c.startsWith("bytes_")), header.toString());
        assertTrue(header.contains("responses_in_interval"), "the response histograms are still there: " + header);
        assertTrue(dev.tcpswarm.web.PageData.read(html).at("/timeline/traffic").isNull(), "no traffic charts");
    }
}
