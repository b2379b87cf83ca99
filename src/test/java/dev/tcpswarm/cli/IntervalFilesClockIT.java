package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interval files count their time from the run's start, the one the JSON result gives: a run
 * large enough to be rehearsed first (a fraction of a second before its clock, in a fresh process)
 * has its CSV rows at 0.5, 1.0, ... s, and its HDR log's StartTime is the result's start. Before,
 * the files took their time zero before the warm-up, so every elapsed time was late by it.
 */
@Timeout(120)
class IntervalFilesClockIT {
    @TempDir
    Path dir;

    @Test
    void theFilesTimeZeroIsTheRunsStart() throws Exception {
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        Path hlog = dir.resolve("r.hlog");
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess run = JarProcess.start("run", "127.0.0.1:" + server.port(), "-c", "2000", "-s", "0",
                        "--hold", "1200ms", "-i", "500ms", "--plain", "-y", "--json", json.toString(), "--csv",
                        csv.toString(), "--hdr-log", hlog.toString())) {
            assertEquals(0, run.awaitExit(60), run.stdout() + run.stderr());
        }
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        Instant start = Instant.parse(result.at("/start").asText());

        Matcher startTime = Pattern.compile("(?m)^#\\[StartTime: ([\\d.]+) ").matcher(Files.readString(hlog));
        assertTrue(startTime.find(), "the log's StartTime");
        assertEquals(start.toEpochMilli() / 1000.0, Double.parseDouble(startTime.group(1)), 0.0011,
                "the HDR log's StartTime is the result's start " + start);

        CsvMapper mapper = new CsvMapper();
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            rows = it.readAll();
        }
        assertTrue(rows.size() >= 3, "rows: " + rows);
        for (Map<String, String> row : rows) {
            long sinceStartMillis = Instant.parse(row.get("time")).toEpochMilli() - start.toEpochMilli();
            assertEquals(sinceStartMillis / 1000.0, Double.parseDouble(row.get("elapsed_s")), 0.0011,
                    "elapsed_s counts from the result's start: " + row);
        }
        // the ticks are on the run's clock: the first at 0.5 s (a loaded machine may take it a little late)
        double first = Double.parseDouble(rows.get(0).get("elapsed_s"));
        assertTrue(first >= 0.499 && first < 0.6, "the first row at 0.5 s: " + rows.get(0));
    }
}
