package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel that refuses io_uring, as many containers' seccomp profiles do: the jar runs under a
 * seccomp filter (src/test/c/no-io-uring.c) that makes io_uring_setup fail with EPERM. Asked for
 * io_uring, run and serve say so in one line on stderr and go on over epoll; auto says nothing.
 */
@Timeout(120)
class TransportFallbackIT {
    private static final String FALLBACK_PREFIX = "tcpswarm: io_uring is not available here (";
    private static final String FALLBACK_SUFFIX = "): using epoll instead";

    @TempDir
    static Path dir;
    private static Path wrapper;

    @BeforeAll
    static void buildWrapper() throws Exception {
        wrapper = dir.resolve("no-io-uring");
        Path source = Path.of("src/test/c/no-io-uring.c").toAbsolutePath();
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-o", wrapper.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            gcc = null;
        }
        String out = gcc == null ? "gcc not found" : new String(gcc.getInputStream().readAllBytes());
        if (gcc == null || gcc.waitFor() != 0 || !Files.isExecutable(wrapper)) {
            cannotRun("cannot build the seccomp wrapper: " + out);
        }
        Process probe = new ProcessBuilder(wrapper.toString(), "true").redirectErrorStream(true).start();
        String probeOut = new String(probe.getInputStream().readAllBytes());
        if (probe.waitFor() != 0) {
            cannotRun("seccomp filters are not allowed here: " + probeOut);
        }
    }

    /** Fails where CI is set (the claim must be checked there), skips elsewhere. */
    private static void cannotRun(String why) {
        if (System.getenv("CI") != null) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    /** The jar's run under the wrapper against the built-in server; returns its stderr lines. */
    private static List<String> runRefused(BuiltInServer server, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "127.0.0.1", String.valueOf(server.port()), "-c", "300",
                "-s", "0", "-y", "-i", "0"));
        args.addAll(Arrays.asList(extra));
        try (JarProcess p = JarProcess.startWith(List.of(wrapper.toString()), args.toArray(String[]::new))) {
            assertEquals(0, p.awaitExit(60), p.stdout() + p.stderr());
            assertTrue(p.stdout().contains("Total: 300, Dialing: 0, Established: 300"), p.stdout());
            return p.stderr().lines().collect(Collectors.toList());
        }
    }

    @Test
    void runAskedForIoUringSaysOnceThatItUsesEpollAndDialsEveryConnection() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            List<String> err = runRefused(server, "--transport", "io_uring");
            assertEquals(1, err.size(), "one line: " + err);
            String line = err.get(0);
            assertTrue(line.startsWith(FALLBACK_PREFIX) && line.endsWith(FALLBACK_SUFFIX), line);
            assertTrue(line.contains("Operation not permitted"), "the kernel's reason: " + line);
            Kernel.awaitEquals(300, server::accepted, 10, "accepted by the server");
        }
    }

    @Test
    void autoSaysNothingWhereIoUringIsRefused() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            assertEquals(List.of(), runRefused(server));
            Kernel.awaitEquals(300, server::accepted, 10, "accepted by the server");
        }
    }

    @Test
    void serveAskedForIoUringSaysOnceThatItUsesEpollAndListens() throws Exception {
        try (JarProcess p = JarProcess.startWith(List.of(wrapper.toString()), "serve", "--port", "0", "-i", "0",
                "--transport", "io_uring")) {
            String listening = p.awaitLine("listening on 127.0.0.1:", 30);
            assertTrue(listening.endsWith(" mode hold"), listening);
            p.signal("TERM");
            assertEquals(0, p.awaitExit(30));
            List<String> err = p.stderr().lines().collect(Collectors.toList());
            assertEquals(1, err.size(), "one line: " + err);
            assertTrue(err.get(0).startsWith(FALLBACK_PREFIX) && err.get(0).endsWith(FALLBACK_SUFFIX), err.get(0));
        }
    }
}
