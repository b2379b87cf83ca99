package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.web.PageData;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * Ctrl-C (SIGINT) and SIGTERM on the real jar: it stops starting connections, prints the report, leaves
 * complete output files (the HTML report too, with the chart library read from the jar), and exits 1.
 */
class InterruptIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signalAtThePromptIsANoAndOpensNothing(String signal) throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess tcpswarm = JarProcess.start("127.0.0.1", String.valueOf(server.port()), "-c", "10")) {
            tcpswarm.awaitLine("Pacing: ", 20);
            Thread.sleep(300); // the question is printed and the prompt reads its standard input
            tcpswarm.signal(signal);
            assertEquals(1, tcpswarm.awaitExit(20), tcpswarm.stdout() + tcpswarm.stderr());
            assertTrue(tcpswarm.stderr().contains("interrupted at the prompt: nothing was opened"), tcpswarm.stderr());
            assertEquals(0, server.accepted());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signalStillPrintsTheReportAndWritesCompleteFiles(String signal) throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess tcpswarm = JarProcess.start("127.0.0.1", String.valueOf(server.port()), "-c", "1000",
                        "-s", "20ms", "-i", "200ms", "-y", "--json", dir.resolve("r.json").toString(),
                        "--csv", dir.resolve("r.csv").toString(), "--hdr-log", dir.resolve("r.hlog").toString(),
                        "--junit", dir.resolve("r.xml").toString(), "--html", dir.resolve("r.html").toString())) {
            tcpswarm.awaitLine("Total: 1000, ", 20);
            tcpswarm.awaitLine("Total: 1000, ", 5);
            tcpswarm.signal(signal);
            int exit = tcpswarm.awaitExit(20);
            String out = tcpswarm.stdout();
            assertEquals(1, exit, out + tcpswarm.stderr());
            assertTrue(out.contains("--- 127.0.0.1:" + server.port() + " tcp test statistics ---"), out);
            assertTrue(out.contains("Interrupted: the run was stopped before it finished"), out);

            JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
            assertTrue(json.at("/interrupted").asBoolean());
            assertEquals(1, json.at("/exit_code").asInt());
            long notInitiated = json.at("/counts/not_initiated").asLong();
            assertTrue(notInitiated > 0 && notInitiated < 1000, json.toString());
            assertEquals(1000 - notInitiated, json.at("/attempts").asLong());

            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("r.xml").toFile());
            assertEquals("1", xml.getDocumentElement().getAttribute("failures"));

            long rows = Files.readAllLines(dir.resolve("r.csv")).size() - 1;
            assertTrue(rows >= 2, "csv rows: " + rows);

            HistogramLogReader reader = new HistogramLogReader(dir.resolve("r.hlog").toString());
            long recorded = 0;
            for (org.HdrHistogram.EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                if (h.getTag() == null) { // connect latency; the tagged ones are the other timings
                    recorded += ((org.HdrHistogram.Histogram) h).getTotalCount();
                }
            }
            assertEquals(json.at("/connect_latency_ms/count").asLong(), recorded);
            JsonNode page = PageData.read(dir.resolve("r.html")); // complete, with its data
            assertEquals(json, page.get("result"), "the page shows the JSON result: interrupted, exit code 1");
            assertTrue(page.at("/timeline/elapsed_s").size() >= 3, "the start and the intervals before the signal");
            assertTrue(Files.readString(dir.resolve("r.html")).contains("uPlot"),
                    "the chart library, from the WebJar inside the jar");
            try (var files = Files.list(dir)) {
                assertEquals(5, files.count(), "no temporary files left behind");
            }
        }
    }

    /**
     * A failure after the signal (here: the --json file's directory is gone by the end) is printed in
     * full, and the exit code is the one the command chose (1: interrupted, which outranks the failed
     * file's 74), not one guessed by the signal's hook: the process ends only once main is done, so
     * the line about the file, written after the report, is not cut off.
     */
    @Test
    void aFailureAfterTheSignalIsPrintedInFullAndTheCommandChoosesTheExitCode() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess tcpswarm = JarProcess.start("127.0.0.1", String.valueOf(server.port()), "-c", "1000",
                        "-s", "20ms", "-i", "200ms", "-y", "--json", gone.resolve("r.json").toString())) {
            tcpswarm.awaitLine("Total: 1000, ", 20);
            Files.delete(gone);
            tcpswarm.signal("TERM");
            int exit = tcpswarm.awaitExit(20);
            String err = tcpswarm.stderr();
            String errorLine = err.lines().filter(l -> l.startsWith("tcpswarm: cannot write '")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line about the file:\n" + err));
            assertTrue(errorLine.contains("r.json"), errorLine);
            assertEquals(1, err.lines().filter(l -> l.startsWith("tcpswarm: ")).count(), "one line:\n" + err);
            assertEquals(1, exit, err);
            assertTrue(tcpswarm.stdout().contains("Interrupted: the run was stopped before it finished"));
        }
    }
}
