package dev.tcpswarm.engine.tls;

import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx with {@code ssl} on a free loopback port, with a private configuration, pid file,
 * logs and temporary directories in a directory the test owns: the TLS terminator a load run of
 * thousands of handshakes goes against (answers {@code GET /} with 204; no access log, so the
 * handshakes are the work). Stopped on {@link #close}.
 */
public final class NginxTls implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private NginxTls(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts nginx with {@code workers} worker processes, serving {@code certificate}'s chain.
     *
     * @param sessionCache whether nginx keeps a session cache (off makes every handshake a full one)
     */
    public static NginxTls start(Path dir, ServerCertificate certificate, int workers, boolean sessionCache)
            throws IOException, InterruptedException {
        return start(dir, certificate, workers, sessionCache, 10000);
    }

    /**
     * The same, each worker taking at most {@code workerConnections} connections (its listening
     * socket included): one more, and nginx closes it as it accepts it.
     */
    public static NginxTls start(Path dir, ServerCertificate certificate, int workers, boolean sessionCache,
            int workerConnections) throws IOException, InterruptedException {
        String nginx = Openssl.tool("nginx");
        for (int attempt = 1; ; attempt++) {
            int port = LoopbackPorts.free();
            Path home = Files.createTempDirectory(dir, "nginx-");
            Files.createDirectories(home.resolve("tmp"));
            String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
            Files.writeString(home.resolve("nginx.conf"), user + """
                    daemon off;
                    master_process on;
                    worker_processes %d;
                    worker_rlimit_nofile 20000;
                    pid %s/nginx.pid;
                    error_log %s/error.log warn;
                    events { worker_connections %d; }
                    http {
                        access_log off;
                        client_body_temp_path %s/tmp/body;
                        proxy_temp_path %s/tmp/proxy;
                        fastcgi_temp_path %s/tmp/fastcgi;
                        uwsgi_temp_path %s/tmp/uwsgi;
                        scgi_temp_path %s/tmp/scgi;
                        server {
                            listen 127.0.0.1:%d ssl;
                            ssl_certificate %s;
                            ssl_certificate_key %s;
                            ssl_protocols TLSv1.2 TLSv1.3;
                            ssl_session_cache %s;
                            ssl_session_tickets %s;
                            location / { return 204; }
                        }
                    }
                    """.formatted(workers, home, home, workerConnections, home, home, home, home, home, port,
                    certificate.chain(), certificate.key(), sessionCache ? "shared:tls:10m" : "off",
                    sessionCache ? "on" : "off"));
            Process p = new ProcessBuilder(nginx, "-p", home.toString(), "-c", home.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("stdout.log").toFile()).start();
            if (LoopbackPorts.awaitListening(port, p::isAlive)) {
                return new NginxTls(p, port, home);
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            if (attempt == 3) {
                throw new IOException("nginx did not listen on 127.0.0.1:" + port + ": "
                        + Files.readString(home.resolve("stdout.log")) + readOrEmpty(home.resolve("error.log")));
            }
        }
    }

    public int port() {
        return port;
    }

    /** nginx's error log so far. */
    public String errorLog() throws IOException {
        return readOrEmpty(dir.resolve("error.log"));
    }

    private static String readOrEmpty(Path f) throws IOException {
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Override
    public void close() {
        try {
            process.destroy(); // SIGTERM: nginx's fast shutdown, the master stops its workers
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
