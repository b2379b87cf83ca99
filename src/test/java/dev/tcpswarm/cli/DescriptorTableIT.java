package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel's descriptor table is grown before the first connection starts, not while the run is
 * on: each growth in a multi-threaded process waits for an RCU grace period (4-25 ms), which stalled
 * the event loop at descriptors 256, 512, 1024 and 2048 of every run (docs/performance.md).
 */
@Timeout(60)
class DescriptorTableIT {
    @Test
    void theTableHoldsEveryPlannedConnectionWhenTheFirstOneStarts() throws Exception {
        Path status = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isReadable(status), "no /proc here");
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
                JarProcess p = JarProcess.start("run", "127.0.0.1", String.valueOf(server.port()), "-c", "3000",
                        "--rate", "20", "-y", "-i", "0")) {
            Kernel.awaitAtLeast(1, server::accepted, 30, "the first connection");
            long tableSize = fdSize(Path.of("/proc", String.valueOf(p.process.pid()), "status"));
            assertTrue(server.accepted() < 50, "still at the start of the run: " + server.accepted());
            assertTrue(tableSize >= 3000, "descriptor table size at the first connection: " + tableSize);
            p.signal("TERM");
            assertEquals(1, p.awaitExit(30), "interrupted");
        }
    }

    private static long fdSize(Path status) throws Exception {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("FDSize:")) {
                return Long.parseLong(line.substring("FDSize:".length()).trim());
            }
        }
        throw new AssertionError("no FDSize in " + status);
    }
}
