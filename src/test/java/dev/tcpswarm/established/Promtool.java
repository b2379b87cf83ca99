package dev.tcpswarm.established;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own checker, {@code promtool check metrics} (Debian package {@code prometheus}),
 * run on a scrape. Where promtool is missing the check is skipped, except in CI ({@code CI} set),
 * where it fails: .ci/run installs it.
 */
public final class Promtool {
    private Promtool() {
    }

    /** Asserts that promtool finds nothing wrong in {@code scrape} (no error, no lint warning). */
    public static void checkMetrics(String scrape) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            if (System.getenv("CI") != null) {
                fail("promtool is needed in CI (Debian package prometheus; .ci/run installs it): " + e.getMessage());
            }
            Assumptions.abort("promtool not installed here (apt-get install prometheus): " + e.getMessage());
            return;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool check metrics still running after 30 s");
        }
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out + "\non:\n" + scrape);
        assertEquals("", out.trim(), "promtool's lint found problems in:\n" + scrape);
    }
}
