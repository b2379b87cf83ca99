package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live status line's conn/s, on a real pseudo-terminal ({@code script}): connections
 * established per second. Refused attempts are not connections: against a closed port it stays 0
 * while the errors climb at the pace of the run.
 */
class LiveRateIT {
    private static final Pattern RATE = Pattern.compile("(\\d+) conn/s");

    @TempDir
    Path dir;

    /** Every conn/s figure the live status line showed during a run of {@code args} on a terminal. */
    private List<Long> liveRates(String... args) throws Exception {
        if (Kernel.exec("script", "--version").exit() != 0) {
            String why = "script(1) is not installed (Debian: bsdutils)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why + ": .ci/run installs it");
            }
            Assumptions.abort(why);
        }
        StringBuilder command = new StringBuilder("stty rows 50 cols 200; exec ")
                .append(Path.of(System.getProperty("java.home"), "bin", "java")).append(" -jar ")
                .append(JarProcess.jar().toAbsolutePath());
        for (String a : args) {
            command.append(' ').append(a);
        }
        Path screen = dir.resolve("screen.txt");
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command.toString(), "/dev/null");
        pb.environment().remove("CI");
        pb.environment().put("TERM", "xterm-256color");
        JarProcess.runToEnd(pb.redirectInput(ProcessBuilder.Redirect.PIPE), screen, 30);
        String shown = Files.readString(screen, StandardCharsets.ISO_8859_1);
        List<Long> rates = new ArrayList<>();
        Matcher m = RATE.matcher(shown);
        while (m.find()) {
            rates.add(Long.parseLong(m.group(1)));
        }
        assertTrue(rates.size() >= 3, "the live line was drawn a few times: " + rates + "\n" + shown);
        return rates;
    }

    @Test
    void refusedAttemptsAreNotCountedAsConnections() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<Long> rates = liveRates("run", "127.0.0.1", String.valueOf(closedPort), "-c", "1200", "--rate", "1000",
                "-y", "-i", "200ms");
        assertTrue(rates.stream().allMatch(r -> r == 0), "conn/s against a closed port: " + rates);
    }

    @Test
    void establishedConnectionsAreCounted() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            List<Long> rates = liveRates("run", "127.0.0.1", String.valueOf(server.port()), "-c", "1200", "--rate",
                    "1000", "-y", "-i", "200ms");
            // smoothed over the 200 ms redraws: well under way after the first few
            assertFalse(rates.isEmpty());
            assertTrue(rates.stream().anyMatch(r -> r >= 500 && r <= 1500), "conn/s at --rate 1000: " + rates);
            assertEquals(1200, server.accepted());
        }
    }
}
