package dev.tcpswarm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server under the faults a reliability tester throws at it: slow clients, bursts of
 * connections, odd methods, clients that go away mid-scrape. Real sockets on loopback.
 */
class HttpServerFaultsTest {
    /** Sends one request on a fresh connection and returns the status line and the rest. */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String get(int port, String path) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    }

    @Test
    void fiveHundredSlowClientsDoNotHoldUpAScrape() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Gauge.builder().name("tcpswarm_test_value").help("a test value").register(registry).set(7);
        List<Socket> slow = new ArrayList<>();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry, null)) {
            try {
                for (int i = 0; i < 500; i++) {
                    Socket s = new Socket("127.0.0.1", endpoint.port());
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: slow\r\n".getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                Thread.sleep(300); // the server has read the partial headers of all of them
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    String answer = get(endpoint.port(), "/metrics");
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                    assertTrue(answer.contains("tcpswarm_test_value 7.0"), answer);
                    assertTrue(millis < 1000, "a scrape with 500 slow clients connected took " + millis + " ms");
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aBurstOfConnectionsWaitsForNoSynRetransmit() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), new PrometheusRegistry(), null);
                Selector selector = Selector.open()) {
            int count = 200;
            List<SocketChannel> channels = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < count; i++) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    channels.add(c);
                    if (!c.connect(new InetSocketAddress("127.0.0.1", endpoint.port()))) {
                        c.register(selector, SelectionKey.OP_CONNECT);
                    }
                }
                // a handshake the kernel completes into a full accept queue is dropped, and the
                // client's ACK retransmitted after 1 s; with room in the queue every one is done at once
                int pending = selector.keys().size();
                long deadline = start + 3_000_000_000L;
                while (pending > 0 && System.nanoTime() < deadline) {
                    selector.select(100);
                    for (SelectionKey k : selector.selectedKeys()) {
                        ((SocketChannel) k.channel()).finishConnect();
                        k.cancel();
                        pending--;
                    }
                    selector.selectedKeys().clear();
                }
                long connectMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(0, pending, "handshakes not done after 3 s");
                assertTrue(connectMillis < 900, count + " concurrent connects took " + connectMillis
                        + " ms: the accept queue overflowed and the kernel waited for retransmits");
                // now send a request on each: every one must be answered without a retransmit's wait
                for (SocketChannel c : channels) {
                    c.configureBlocking(true);
                    c.write(java.nio.ByteBuffer.wrap("GET /-/healthy HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII)));
                }
                for (SocketChannel c : channels) {
                    c.socket().setSoTimeout(5000);
                    String answer = new String(c.socket().getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 900, count + " concurrent connections took " + millis + " ms to be answered");
            } finally {
                for (SocketChannel c : channels) {
                    c.close();
                }
            }
        }
    }

    @Test
    void metricsAnswersOnlyGetAndHead() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), new PrometheusRegistry(), null)) {
            for (String method : List.of("POST", "DELETE", "TRACE", "PUT", "G\0ET", "BREW")) {
                String answer = exchange(endpoint.port(), method + " /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 405"), method + ": " + answer);
                assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("allow: get, head"), answer);
            }
            assertTrue(exchange(endpoint.port(), "HEAD /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200"));
            assertTrue(get(endpoint.port(), "/metrics").startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void theHealthEndpointAnswers() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), new PrometheusRegistry(), null)) {
            assertTrue(get(endpoint.port(), MetricsEndpoint.HEALTH_PATH).startsWith("HTTP/1.1 200"));
            assertTrue(exchange(endpoint.port(), "POST /-/healthy HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").startsWith("HTTP/1.1 405"));
            String missing = get(endpoint.port(), "/health");
            assertTrue(missing.startsWith("HTTP/1.1 404"), missing);
            assertTrue(missing.contains("/-/healthy"), "the 404 names the health endpoint: " + missing);
        }
    }

    @Test
    void aClientGoneMidScrapeLogsNothingAndLeavesAtMostOneDebugLine() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Gauge big = Gauge.builder().name("tcpswarm_test_series").help("many series").labelNames("n").register(registry);
        for (int i = 0; i < 40_000; i++) {
            big.labelValues("series-number-" + i).set(i); // several MB: more than the socket buffers hold
        }
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> debug = java.util.Collections.synchronizedList(new ArrayList<>());
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry,
                new HttpRoutes(), debug::add)) {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", endpoint.port());
                s.setReceiveBufferSize(4096);
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                in.read(new byte[1024]); // the answer has begun
                s.setOption(StandardSocketOptions.SO_LINGER, 0);
                s.close(); // reset, mid-answer
            }
            assertTrue(get(endpoint.port(), "/-/healthy").startsWith("HTTP/1.1 200"), "the server still answers");
            Thread.sleep(300);
        } finally {
            System.setErr(err);
            root.removeHandler(handler);
        }
        synchronized (records) {
            List<String> loud = records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()).toList();
            assertEquals(List.of(), loud);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        assertTrue(debug.size() <= 3, "one debug line per client at most: " + debug);
        for (String line : debug) {
            assertTrue(!line.contains("\n") && line.contains("/metrics"), line);
        }
    }
}
