package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.Transport;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code tcpswarm --version}: the version, the commit the classes were built from (the one git has
 * checked out here; "unknown" where the build ran outside a git checkout), this Java runtime, and the
 * transports that load here, best first.
 */
class VersionTest {
    @Test
    void namesTheVersionTheCommitTheRuntimeAndTheTransports() throws Exception {
        Cli.Outcome o = Cli.run("--version");
        assertEquals(0, o.exit(), o.err());
        List<String> lines = o.outLines();
        assertEquals(4, lines.size(), o.out());
        assertEquals("tcpswarm " + BuildInfo.version(), lines.get(0));

        // The commit of this checkout; whether it had uncommitted changes at build time is checked by
        // BuildQuietIT (here the tree may have changed since the build).
        Kernel.Result head = Kernel.exec("git", "--git-dir=.git", "rev-parse", "--short=12", "HEAD");
        if (head.exit() == 0) {
            String commit = "commit:     " + head.out().strip();
            assertTrue(lines.get(1).equals(commit) || lines.get(1).equals(commit + " with uncommitted changes"),
                    lines.get(1));
        } else {
            assertEquals("commit:     unknown (built outside a git checkout, or without git)", lines.get(1));
        }

        assertEquals("java:       " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                + ", " + System.getProperty("java.home") + ")", lines.get(2));

        List<Transport> available = Transport.available();
        assertEquals("transports: " + available.stream().map(Transport::name).collect(Collectors.joining(", "))
                + " (auto picks " + Transport.detect().name() + ")", lines.get(3));
        assertEquals("nio", available.get(available.size() - 1).name());
    }

    @Test
    void theShortOptionToo() {
        assertEquals(Cli.run("--version").out(), Cli.run("-V").out());
    }
}
