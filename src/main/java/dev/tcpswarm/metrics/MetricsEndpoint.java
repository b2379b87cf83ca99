package dev.tcpswarm.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one HTTP server of a tcpswarm process. Every command that serves something ({@code monitor},
 * {@code established}) opens exactly one: client_java's scrape handler answers {@code /metrics},
 * {@code /-/healthy} answers 200 while the process runs, and the command's {@link HttpRoutes} (the
 * status page and its API, an index page) the rest.
 *
 * <p>It is the JDK's HTTP server, set up so that slow or hostile clients cannot stop a scrape:
 * <ul>
 * <li>a listen backlog of {@value #BACKLOG}, so that a burst of page loads waits for no SYN
 * retransmit;</li>
 * <li>a thread per request being read, up to {@value #MAX_CONNECTIONS} connections (the JDK server
 * reads a request's headers on its worker thread, so a client that sends half its headers holds a
 * thread: with a small pool, two such clients stopped every scrape);</li>
 * <li>a request (headers and body) must arrive within {@value #REQUEST_TIMEOUT_SECONDS} s of its first
 * byte, a response be taken within {@value #RESPONSE_TIMEOUT_SECONDS} s, and an idle kept-alive
 * connection is closed after {@value #IDLE_TIMEOUT_SECONDS} s.</li>
 * </ul>
 * A client that goes away mid-answer is one line with {@code --debug} and nothing otherwise. The
 * timeouts are the JDK server's {@code sun.net.httpserver.*} system properties, set here before the
 * first server starts unless the user set them ({@code -D} in {@code TCPSWARM_JAVA_OPTS}). The
 * worker threads are daemons.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** The listen backlog (the kernel caps it at {@code net.core.somaxconn}). */
    static final int BACKLOG = 1024;
    /** Connections served at once; past it the server closes a new connection at once. */
    static final int MAX_CONNECTIONS = 1000;
    static final int REQUEST_TIMEOUT_SECONDS = 10;
    static final int RESPONSE_TIMEOUT_SECONDS = 30;
    static final int IDLE_TIMEOUT_SECONDS = 30;
    /** The liveness endpoint, as Prometheus and Alertmanager name theirs. */
    public static final String HEALTH_PATH = "/-/healthy";
    public static final String METRICS_PATH = "/metrics";

    static {
        Map<String, String> settings = Map.of(
                "sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_TIMEOUT_SECONDS),
                "sun.net.httpserver.maxRspTime", String.valueOf(RESPONSE_TIMEOUT_SECONDS),
                "sun.net.httpserver.idleInterval", String.valueOf(IDLE_TIMEOUT_SECONDS),
                "sun.net.httpserver.clockTick", "1000",
                "jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
        settings.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final InetSocketAddress address;

    private MetricsEndpoint(HttpServer server, ThreadPoolExecutor workers, InetSocketAddress address) {
        this.server = server;
        this.workers = workers;
        this.address = address;
    }

    /** {@link #start(InetSocketAddress, PrometheusRegistry, HttpRoutes, Consumer)} with {@code pages} as the fallback. */
    public static MetricsEndpoint start(InetSocketAddress listen, PrometheusRegistry registry, HttpHandler pages)
            throws IOException {
        return start(listen, registry, new HttpRoutes().fallback(pages), null);
    }

    /**
     * Starts serving {@code registry} at {@code /metrics} and {@code routes} on {@code listen} (port 0:
     * any free port).
     *
     * @param debug where a line about a failed exchange goes (a client gone mid-answer); null for nowhere
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static MetricsEndpoint start(InetSocketAddress listen, PrometheusRegistry registry, HttpRoutes routes,
            Consumer<String> debug) throws IOException {
        PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(registry);
        routes.get(METRICS_PATH, "the metrics, for Prometheus", exchange -> {
            ScrapeExchange e = new ScrapeExchange(exchange);
            scrape.handleRequest(e);
            e.send();
        });
        routes.get(HEALTH_PATH, "200 while the process runs, for liveness probes",
                exchange -> text(exchange, 200, "healthy\n"));
        ThreadPoolExecutor workers = new ThreadPoolExecutor(2, MAX_CONNECTIONS + 8, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "tcpswarm-http");
                    t.setDaemon(true);
                    return t;
                });
        HttpServer server = HttpServer.create(listen, BACKLOG);
        server.setExecutor(workers);
        server.createContext("/", new Router(routes, debug == null ? line -> { } : debug));
        server.start();
        InetSocketAddress bound = new InetSocketAddress(listen.getAddress(), server.getAddress().getPort());
        return new MetricsEndpoint(server, workers, bound);
    }

    /** Sends a short plain-text answer. */
    public static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends every request to its route, after the method check. The HTTP threads. */
    private static final class Router implements HttpHandler {
        private final HttpRoutes routes;
        private final Consumer<String> debug;

        Router(HttpRoutes routes, Consumer<String> debug) {
            this.routes = routes;
            this.debug = debug;
        }

        @Override
        public void handle(HttpExchange exchange) {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                HttpRoutes.Route route = routes.find(path);
                if (route == null) {
                    HttpHandler fallback = routes.fallbackHandler();
                    if (fallback != null) {
                        fallback.handle(exchange);
                    } else {
                        text(exchange, 404, "not found: " + endpoints());
                    }
                } else if (!route.methods().contains(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", String.join(", ", new TreeSet<>(route.methods())));
                    text(exchange, 405, "method not allowed: " + route.path() + " answers "
                            + String.join(" and ", new TreeSet<>(route.methods())) + "\n");
                } else {
                    route.handler().handle(exchange);
                }
            } catch (IOException | RuntimeException e) {
                // the client went away mid-answer, or a handler failed after its answer began
                debug.accept("http: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + " from " + ListenAddress.format(exchange.getRemoteAddress()) + " ended early: " + e);
            }
        }

        private String endpoints() {
            StringBuilder sb = new StringBuilder();
            for (HttpRoutes.Route r : routes.routes()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(r.path()).append(" (").append(r.description()).append(')');
            }
            return sb.append('\n').toString();
        }
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
        server.stop(0);
        workers.shutdownNow();
    }
}
