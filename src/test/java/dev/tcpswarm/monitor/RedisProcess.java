package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's redis-server on a free loopback port with a private config (no persistence, its
 * directory the test's), for the monitor's conversation tests; {@link #stop} and {@link #resume}
 * send it SIGSTOP and SIGCONT, the hang a TCP connect does not see (its kernel goes on completing
 * handshakes). Killed on {@link #close}. The test's thread.
 */
public final class RedisProcess implements AutoCloseable {
    public static final String BINARY = "/usr/bin/redis-server";
    private final Process process;
    private final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one in a directory under {@code parent}; fails (never skips) when redis-server is not installed. */
    public static RedisProcess start(Path parent) throws IOException, InterruptedException {
        assertTrue(new File(BINARY).canExecute(), BINARY + " is not installed: apt-get install redis-server (.ci/run installs it)");
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path home = Files.createTempDirectory(parent, "redis-");
            Path conf = Files.writeString(home.resolve("redis.conf"), """
                    bind 127.0.0.1
                    port %d
                    protected-mode yes
                    daemonize no
                    save ""
                    appendonly no
                    dir %s
                    logfile %s/redis.log
                    """.formatted(port, home, home));
            Process p = new ProcessBuilder(BINARY, conf.toString()).redirectErrorStream(true)
                    .redirectOutput(home.resolve("stdout.log").toFile()).start();
            if (listening(port, p)) {
                return new RedisProcess(p, port);
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            if (attempt == 3) {
                throw new IOException("redis-server did not listen on 127.0.0.1:" + port + ": "
                        + Files.readString(home.resolve("stdout.log")));
            }
        }
    }

    private static boolean listening(int port, Process p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    public int port() {
        return port;
    }

    /** SIGSTOP: the process hangs, its listening socket stays. */
    public void stop() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        assertTrue(exit == 0, "kill -" + name + " " + process.pid() + " failed");
    }

    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                signal("CONT");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
