package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's JVM flags keep a large run free of full collections: with an old generation that
 * started at 8 MB, 10,000 connections filled it and a full collection (10-70 ms, every thread
 * stopped) grew it in the middle of the run (docs/performance.md). Counted in the JVM's own GC log.
 */
@Timeout(180)
class LauncherGcIT {
    @TempDir
    Path dir;

    @Test
    void tenThousandConnectionsThroughTheLauncherNeedNoFullCollection() throws Exception {
        Path gcLog = dir.resolve("gc.log");
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 2)) {
            ProcessBuilder pb = new ProcessBuilder("bin/tcpswarm", "run", "127.0.0.1", String.valueOf(server.port()),
                    "-c", "10000", "-s", "0", "-y", "-i", "0");
            pb.environment().put("JAVA_OPTS", "-Xlog:gc:file=" + gcLog);
            pb.environment().put("CI", "true");
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(150, TimeUnit.SECONDS), "still running");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("Total: 10000, Dialing: 0, Established: 10000"), out);
            List<String> pauses = Files.readAllLines(gcLog).stream().filter(l -> l.contains("Pause"))
                    .collect(Collectors.toList());
            assertTrue(pauses.stream().anyMatch(l -> l.contains("Pause Young")), "the log has the pauses: " + pauses);
            assertEquals(List.of(), pauses.stream().filter(l -> l.contains("Pause Full")).collect(Collectors.toList()));
        }
    }
}
