package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.plan.Preflight;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end: a run too big for this machine's open-files limit and ephemeral port range gets one
 * plain warning for each on stderr before the prompt, so the user can decline and fix it before a
 * single connection is opened.
 */
class PreflightWarningsTest {
    @Test
    void tooManyForBothLimitsGetsOneWarningEachBeforeThePrompt() {
        long openFiles = Preflight.openFilesLimit();
        int[] ports = Preflight.portRange();
        Kernel.requireOrSkip(openFiles > 0 && openFiles < 1_000_000, "open-files limit unknown or huge: " + openFiles);
        Kernel.requireOrSkip(ports != null, "port range unknown");
        long range = ports[1] - ports[0] + 1L;
        long connections = Math.max(openFiles, range) + 1000;

        Cli.Outcome o = Cli.runWithInput("n\n", "127.0.0.1", "9", "-c", String.valueOf(connections), "-s", "0");
        assertEquals(1, o.exit(), "declined: " + o.err());
        List<String> warnings = o.errLines().stream().filter(l -> l.startsWith("tcpswarm: warning: ")).toList();
        assertEquals(2, warnings.size(), o.err());
        assertEquals(1, warnings.stream().filter(w -> w.contains("open files") && w.contains("ulimit -n")).count(),
                o.err());
        assertEquals(1, warnings.stream().filter(w -> w.contains("will not fit in the " + range + " ephemeral ports")
                && w.contains("--source")).count(), o.err());
        assertTrue(o.err().contains("not confirmed: nothing was opened"), o.err());
    }
}
