package dev.tcpswarm.engine.tls;

import dev.tcpswarm.engine.tls.TestCertificates.ServerCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_server} on a free loopback port, serving one {@link ServerCertificate} (and its
 * chain) with {@code -www}: it completes each handshake, answers {@code GET /}, and takes the next
 * connection once a client closes (one at a time: a harness for certificate cases and probes, not
 * for load; {@link NginxTls} is for load). Extra arguments restrict it, e.g. {@code -tls1_2} or
 * {@code -Verify 1 -CAfile ca.pem} for mutual TLS. Stopped on {@link #close}.
 */
public final class OpensslServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private OpensslServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts s_server for {@code certificate}, writing its output to a log file in {@code dir}. */
    public static OpensslServer start(Path dir, ServerCertificate certificate, String... extra)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int port = LoopbackPorts.free();
            List<String> cmd = new ArrayList<>(List.of(Openssl.binary(), "s_server", "-accept", "127.0.0.1:" + port,
                    "-cert", certificate.cert().toString(), "-key", certificate.key().toString(), "-www", "-quiet"));
            if (!certificate.selfSigned()) {
                cmd.addAll(List.of("-cert_chain", certificate.issuer().toString()));
            }
            cmd.addAll(List.of(extra));
            Path log = Files.createTempFile(dir, "s_server-" + certificate.name() + "-", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (LoopbackPorts.awaitListening(port, p::isAlive)) {
                return new OpensslServer(p, port, log);
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            if (attempt == 3) {
                throw new IOException("openssl s_server did not listen on 127.0.0.1:" + port + ": "
                        + Files.readString(log));
            }
        }
    }

    public int port() {
        return port;
    }

    /** What s_server printed so far (its errors name what it refused). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
