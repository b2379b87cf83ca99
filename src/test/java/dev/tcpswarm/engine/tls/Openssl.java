package dev.tcpswarm.engine.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the {@code openssl} command line for the tests: it must be installed (.ci/run installs it);
 * where it is not, a test aborts, and under {@code CI} it fails.
 */
public final class Openssl {
    private Openssl() {
    }

    /** Runs {@code openssl args...} in {@code dir}; its output, or an error with what it said. */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, Map.of(), List.of(args));
    }

    /** Runs {@code openssl args...} in {@code dir} with these variables added to its environment. */
    public static String run(Path dir, Map<String, String> env, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** The openssl binary; aborts the test where there is none, fails it under CI. */
    public static String binary() {
        return tool("openssl");
    }

    /** A tool from Debian's packages by name, searched on PATH and in /usr/sbin. */
    public static String tool(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && new java.io.File(d, name).canExecute()) {
                return new java.io.File(d, name).getPath();
            }
        }
        String why = name + " is not installed (apt-get install " + ("nginx".equals(name) ? "nginx-light" : name)
                + "; .ci/run installs it)";
        if (System.getenv("CI") != null) {
            throw new AssertionError(why);
        }
        Assumptions.abort(why);
        return name;
    }
}
