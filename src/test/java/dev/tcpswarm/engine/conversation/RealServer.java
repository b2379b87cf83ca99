package dev.tcpswarm.engine.conversation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server from Debian's packages, started by a test on a free loopback port with its private
 * config in the test's directory, and stopped (its process and children) when closed. Starting
 * fails the test (never skips it) when the binary is missing or the server does not listen in time,
 * with its output in the message. Public for the tests of other packages (a monitor's test that
 * stops a real redis with SIGSTOP). The test's thread.
 */
public final class RealServer implements AutoCloseable {
    final String name;
    final int port;
    final Process process;
    final Path log;

    private RealServer(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * redis-server on a free loopback port, its data (none saved) in {@code dir/redis}, its output in
     * {@code dir/redis.log}; {@code options} added to its command line ({@code --requirepass}, {@code x}).
     */
    public static RealServer redis(Path dir, String... options) throws Exception {
        Path redis = Path.of("/usr/bin/redis-server");
        requireBinary(redis, "redis-server");
        Path data = Files.createDirectories(dir.resolve("redis"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(redis.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", data.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no"));
        command.addAll(List.of(options));
        return start("redis", dir, port, command);
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The server's process (for a test that stops it with SIGSTOP and resumes it with SIGCONT). */
    public long pid() {
        return process.pid();
    }

    /** A free loopback port (bound and released: a server started right after takes it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Fails with the package to install unless {@code binary} is an executable. */
    public static void requireBinary(Path binary, String debianPackage) {
        assertTrue(Files.isExecutable(binary), binary + " is not installed (.ci/run installs " + debianPackage + ")");
    }

    /**
     * Starts {@code command} (output into {@code dir/name.log}) and waits until {@code port} accepts
     * a connection, for up to 30 s.
     */
    public static RealServer start(String name, Path dir, int port, List<String> command) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return new RealServer(name, port, p, log);
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > until) {
                    String out = Files.exists(log) ? Files.readString(log) : "";
                    p.destroyForcibly();
                    throw new AssertionError(name + " did not listen on 127.0.0.1:" + port + " (exit "
                            + (p.isAlive() ? "none" : p.exitValue()) + "): " + out);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Waits until {@code server} listens on {@code port} too (a second listener), for up to 30 s. */
    static void awaitListening(RealServer server, int port) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                if (!server.process.isAlive() || System.nanoTime() > until) {
                    server.close();
                    throw new AssertionError(server.name + " did not listen on 127.0.0.1:" + port + ": "
                            + server.output());
                }
                Thread.sleep(50);
            }
        }
    }

    /** What the server wrote so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
