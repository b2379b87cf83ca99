package dev.tcpswarm.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one HTTP server of a tcpswarm process: Prometheus client_java's exporter serves the
 * registry's metrics at {@code /metrics} (and {@code /-/healthy}); every other path goes to the
 * {@code pages} handler (the status page and its JSON API), or is a 404 when there is none. Every
 * command that serves something ({@code monitor}, {@code established}) opens exactly one of these.
 * Its two worker threads are daemons.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsEndpoint(HTTPServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Starts serving {@code registry} on {@code listen} (port 0: any free port).
     *
     * @param pages handles every path but {@code /metrics}; null for none
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static MetricsEndpoint start(InetSocketAddress listen, PrometheusRegistry registry, HttpHandler pages)
            throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tcpswarm-http");
            t.setDaemon(true);
            return t;
        });
        HTTPServer server = HTTPServer.builder()
                .inetAddress(listen.getAddress())
                .port(listen.getPort())
                .registry(registry)
                .executorService(workers)
                .defaultHandler(pages != null ? pages : MetricsEndpoint::notFound)
                .buildAndStart();
        return new MetricsEndpoint(server, new InetSocketAddress(listen.getAddress(), server.getPort()));
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        byte[] body = "not found: see /metrics\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** The address actually bound (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
