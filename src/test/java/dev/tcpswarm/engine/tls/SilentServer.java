package dev.tcpswarm.engine.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on a free loopback port that accepts but never speaks TLS: it reads the ClientHello
 * and then never answers (a handshake timeout), closes the connection (closed during the
 * handshake), or answers in plain HTTP (a server that does not speak TLS). One thread accepts; each connection's reading thread ends when
 * the connection does. Stopped, with every connection closed, on {@link #close}.
 */
public final class SilentServer implements AutoCloseable {
    /** What it does with a client's first bytes. */
    public enum Mode { NEVER_ANSWER, CLOSE_AFTER_HELLO, ANSWER_PLAINTEXT }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SilentServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "silent-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SilentServer start(Mode mode) throws IOException {
        return new SilentServer(mode);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                Thread reader = new Thread(() -> serve(s), "silent-client");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (InputStream in = s.getInputStream()) {
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            if (mode == Mode.ANSWER_PLAINTEXT && n > 0) {
                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            if (mode != Mode.NEVER_ANSWER || n < 0) {
                s.close();
                return;
            }
            while (in.read(buf) >= 0) {
                // never answer: read whatever comes until the client gives up
            }
        } catch (IOException gone) {
            // the client or close() ended it
        } finally {
            clients.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
