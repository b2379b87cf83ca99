package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What tcpswarm says it holds is what the kernel and the server see: during {@code --hold}, the
 * progress line's Established equals the client sockets {@code ss} lists in state established, and
 * the server's own counts. A user sizing a server by tcpswarm's numbers relies on exactly this.
 */
@Timeout(90)
class KernelTruthIT {
    private static final int N = 1000;
    private static final Pattern PROGRESS = Pattern.compile(
            "Total: (\\d+), Dialing: (\\d+), Established: (\\d+), Closed: (\\d+), Error: (\\d+), NotInitiated: (\\d+)");

    @Test
    void duringTheHoldEstablishedIsWhatTheKernelAndTheServerSee() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 2)) {
            int port = server.port();
            String all = "Total: " + N + ", Dialing: 0, Established: " + N + ", Closed: 0, Error: 0, NotInitiated: 0";
            try (JarProcess tcpswarm = JarProcess.start("127.0.0.1", String.valueOf(port), "-c", String.valueOf(N),
                    "-s", "0", "--hold", "3s", "-i", "200ms", "--plain", "-y")) {
                tcpswarm.awaitLine(all, 30);
                // Three looks during the hold, each between two progress lines that agree with each other.
                for (int look = 0; look < 3; look++) {
                    long before = established(tcpswarm.awaitLine("Total: ", 5));
                    long clientSide = Kernel.clientSockets("established", port);
                    long serverSide = Kernel.serverSockets("established", port);
                    long accepted = server.accepted();
                    long open = server.openNow();
                    long after = established(tcpswarm.awaitLine("Total: ", 5));
                    assertEquals(before, after, "nothing changes during a hold against a holding server");
                    assertEquals(N, before);
                    assertEquals(before, clientSide, "ss: client sockets established to port " + port);
                    assertEquals(before, serverSide, "ss: server sockets established on port " + port);
                    assertEquals(before, accepted, "server accepted");
                    assertEquals(before, open, "server open now");
                }
                assertEquals(0, tcpswarm.awaitExit(20), tcpswarm.stdout() + tcpswarm.stderr());
                String out = tcpswarm.stdout();
                assertTrue(out.contains("Number of established connections on closure: " + N), out);
            }
            // Gone when tcpswarm is: nothing left behind in the kernel, and the server saw every close.
            Kernel.awaitEquals(0, () -> Kernel.clientSockets("established", port), 10, "client sockets left");
            Kernel.awaitEquals(0, server::openNow, 10, "server still holding");
            assertEquals(N, server.accepted(), "no connection was made after the hold");
        }
    }

    private static long established(String progressLine) {
        Matcher m = PROGRESS.matcher(progressLine);
        assertTrue(m.matches(), "not a progress line: " + progressLine);
        return Long.parseLong(m.group(3));
    }
}
