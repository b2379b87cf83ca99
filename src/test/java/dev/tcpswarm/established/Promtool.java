package dev.tcpswarm.established;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own checker, promtool (Debian package {@code prometheus}), run on scrapes and rule
 * files. Where promtool is missing the check is skipped, except in CI ({@code CI} set), where it
 * fails: .ci/run installs it.
 */
public final class Promtool {
    private Promtool() {
    }

    /** Asserts that {@code promtool check metrics} finds nothing wrong in {@code scrape} (no error, no lint). */
    public static void checkMetrics(String scrape) throws IOException, InterruptedException {
        String out = run(scrape, "check", "metrics");
        assertEquals("", out.trim(), "promtool's lint found problems in:\n" + scrape);
    }

    /** Runs {@code promtool ARGS} with {@code stdin}, asserts exit 0, and returns what it printed. */
    public static String run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (System.getenv("CI") != null) {
                fail("promtool is needed in CI (Debian package prometheus; .ci/run installs it): " + e.getMessage());
            }
            Assumptions.abort("promtool not installed here (apt-get install prometheus): " + e.getMessage());
            throw e; // not reached: abort throws
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " still running after 30 s");
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out + "\non:\n" + stdin);
        return out;
    }
}
