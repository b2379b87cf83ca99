package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file that fills its disk in the middle of a run. The disk is a 4 KB tmpfs mounted in a
 * mount namespace of the tcpswarm process's own ({@code unshare -m}), so nothing else sees it and it
 * goes away with the process. The CSV stops there, with one line on stderr naming it; the progress
 * goes on to the end (the HDR log, fed by the same ticker, holds every interval and every
 * connection), the report and the other files are written, and the exit code is 74.
 */
@Timeout(60)
class FullDiskIT {
    @TempDir
    Path dir;

    /** unshare and mount work here (root); with CI set they must, without it the test is skipped. */
    private static void privateMountsOrSkip() throws InterruptedException {
        Kernel.Result r = Kernel.exec("unshare", "-m", "--propagation", "private", "true");
        if (r.exit() != 0) {
            String why = "no private mount namespace here (unshare -m: " + r.out().strip() + ")";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why + ": CI must run this test as root");
            }
            Assumptions.abort(why);
        }
    }

    @Test
    void aFullDiskCostsTheCsvOnlyAndTheRunGoesOn() throws Exception {
        privateMountsOrSkip();
        Path small = Files.createDirectory(dir.resolve("small"));
        Path csv = small.resolve("r.csv");
        Path json = dir.resolve("r.json");
        Path hlog = dir.resolve("r.hlog");
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            List<String> wrapper = List.of("unshare", "-m", "--propagation", "private", "bash", "-c",
                    "mount -t tmpfs -o size=4k tcpswarm-full \"$0\" && exec \"$@\"", small.toString());
            // 1.5 s of dialing with a row every 20 ms: about 8 KB of CSV for a 4 KB disk
            try (JarProcess tcpswarm = JarProcess.startWith(wrapper, "127.0.0.1", String.valueOf(server.port()),
                    "-c", "300", "--rate", "200", "-y", "-i", "20ms", "--plain", "--csv", csv.toString(), "--json",
                    json.toString(), "--hdr-log", hlog.toString())) {
                int exit = tcpswarm.awaitExit(30);
                String out = tcpswarm.stdout();
                String err = tcpswarm.stderr();
                assertEquals(74, exit, out + err);
                List<String> errLines = err.lines().toList();
                assertEquals(1, errLines.size(), "one line on stderr:\n" + err);
                assertTrue(errLines.get(0).startsWith("tcpswarm: cannot write '" + csv + "': No space left on device"),
                        errLines.get(0));
                assertTrue(out.contains("--- 127.0.0.1:" + server.port() + " tcp test statistics ---"), out);
                long progressLines = out.lines().filter(l -> l.startsWith("Total: 300, ")).count();
                assertTrue(progressLines >= 50, "progress went on: " + progressLines + " lines");

                JsonNode r = new ObjectMapper().readTree(json.toFile());
                assertEquals(74, r.at("/exit_code").asInt());
                assertEquals(300, r.at("/established_total").asLong());
                HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
                int intervals = 0;
                long recorded = 0;
                for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                    if (h.getTag() == null) { // connect latency; the tagged ones are the other timings
                        intervals++;
                        recorded += ((Histogram) h).getTotalCount();
                    }
                }
                assertTrue(intervals >= 50, "HDR intervals: " + intervals);
                assertEquals(300, recorded, "every connection's latency, the last interval's included");
            }
        }
    }
}
