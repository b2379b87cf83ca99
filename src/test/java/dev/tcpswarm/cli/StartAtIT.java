package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard waiting for --start-at is stopped (SIGTERM, as Kubernetes stops a pod): as any run, it
 * prints its report, writes its files and exits 1, nothing opened.
 */
@Timeout(60)
class StartAtIT {
    @TempDir
    Path dir;

    @Test
    void stoppedWhileWaitingItStillReportsAndWritesItsFiles() throws Exception {
        Instant startAt = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Path json = dir.resolve("r.json");
        Path hlog = dir.resolve("r.hlog");
        try (JarProcess run = JarProcess.start("run", "127.0.0.1", "9", "-c", "10", "--shard", "1/2", "--start-at",
                startAt.toString(), "-y", "--json", json.toString(), "--hdr-log", hlog.toString())) {
            String waiting = run.awaitLine("tcpswarm: waiting ", 30);
            assertTrue(waiting.endsWith(" s for --start-at " + startAt + " (shard 1/2)"), waiting);
            run.signal("TERM");
            assertEquals(1, run.awaitExit(20), run.stdout() + run.stderr());
            String out = run.stdout();
            assertTrue(out.contains("Total: 5, Dialing: 0, Established: 0, Closed: 0, Error: 0, NotInitiated: 5"), out);
            assertTrue(out.contains("Interrupted: the run was stopped before it finished"), out);
            JsonNode r = new ObjectMapper().readTree(json.toFile());
            assertTrue(r.at("/interrupted").asBoolean());
            assertEquals(5, r.at("/counts/not_initiated").asInt());
            assertEquals(startAt.toString(), r.at("/start").asText());
            assertEquals(0.0, r.at("/wall_seconds").asDouble(), "stopped before its start time");
            assertTrue(java.nio.file.Files.readString(hlog).contains("#tcpswarm-interval:"), "the log is complete");
        }
    }
}
