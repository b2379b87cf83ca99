package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Past the open-files limit: a warning before the run, the connections past the limit are Error
 * "too many open files" with a one-line hint, and the run goes on to its report (nothing crashes or
 * hangs). The real jar runs under {@code ulimit -n 200}.
 */
class OpenFilesLimitIT {
    @Test
    void connectionsPastTheLimitFailWithTheRightReasonAndAHint() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cmd = "ulimit -n 200 && exec '" + java + "' -jar '" + JarProcess.jar().toAbsolutePath() + "' 127.0.0.1 "
                    + server.port() + " -c 300 -s 0 -y -i 0";
            Process p = new ProcessBuilder("bash", "-c", cmd).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, p.exitValue(), out + err);
            assertTrue(err.contains("warning: 300 connections need about"), err);
            String errors = out.lines().filter(l -> l.startsWith("Errors by reason: ")).findFirst().orElseThrow();
            assertTrue(errors.matches("Errors by reason: too many open files \\d+"), errors);
            long failed = Long.parseLong(errors.replaceAll("\\D+", ""));
            assertTrue(failed >= 50 && failed < 300, errors);
            String established = out.lines().filter(l -> l.startsWith("Total established connections: ")).findFirst()
                    .orElseThrow();
            assertEquals(300 - failed, Long.parseLong(established.replaceAll("\\D+", "")));
            assertTrue(out.contains("Hint (too many open files, a limit on this machine): raise the open-files limit"), out);
        }
    }
}
