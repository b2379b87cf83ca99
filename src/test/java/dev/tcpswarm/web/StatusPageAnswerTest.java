package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.conversation.RealServer;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server said, on the status page: real probes with conversations (a real redis-server
 * answering PING, and a loopback server whose greeting is an HTML tag) go through the monitor's
 * pipeline to the API's {@code last_probe.answer} and {@code response_ms}, and the page shows each
 * as a line on its service's card, the tag as text: nothing made of it, nothing run; the service's
 * chart draws the stored response times' p50 beside the connect's.
 */
class StatusPageAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Browser browser;
    static final String TAG = "<img src=x onerror=alert(3)>";

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Accepts connections and greets each with {@link #TAG}, then a CRLF; until closed. */
    private static Thread greeter(ServerSocket listener) {
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept(); OutputStream out = s.getOutputStream()) {
                    out.write((TAG + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.getInputStream().read(); // until the prober closes
                } catch (IOException e) {
                    // closed
                }
            }
        }, "greeter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void theAnswerLineIsOnTheCardAndAnHtmlAnswerIsText() throws Exception {
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newEventLoopGroup(1, "answer-test");
        ExecutorService resolver = Executors.newSingleThreadExecutor();
        try (RealServer redis = RealServer.redis(dir);
                ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            greeter(listener);
            try (ServedMonitor s = new ServedMonitor(dir.resolve("status.db"), """
                      - name: cache
                        address: "127.0.0.1:%d"
                        steps:
                          - send: 'PING\\r\\n'
                          - expect: '^\\+PONG\\r\\n'
                      - name: greeter
                        address: "127.0.0.1:%d"
                        steps:
                          - expect: '\\r\\n'
                    """.formatted(redis.port(), listener.getLocalPort()))) {
                ProbeDialer dialer = new ProbeDialer(transport, resolver);
                for (String name : List.of("cache", "greeter")) {
                    ServiceConfig service = s.core.config().service(name).orElseThrow();
                    CompletableFuture<ProbeReading> done = new CompletableFuture<>();
                    dialer.probe(group.next(), service.probeRequest(), done::complete);
                    s.core.onResult(ProbeResult.of(name, s.clock.nanoTime(), s.clock.nanoTime(), s.clock.epochMillis(),
                            done.get(20, TimeUnit.SECONDS)));
                }
                s.clock.advance(10, TimeUnit.SECONDS); // the probes before the API's now, in its history's range
                s.core.tick();
                s.flush();
                JsonNode api = s.get("api/services");
                assertEquals("cache", api.at("/services/4/name").asText(), api.toString());
                assertEquals("+PONG", api.at("/services/4/last_probe/answer").asText(), api.toString());
                assertTrue(api.at("/services/4/last_probe/response_ms").asDouble() > 0, api.toString());
                assertEquals(TAG, api.at("/services/5/last_probe/answer").asText(), api.toString());
                assertTrue(api.at("/services/0/last_probe").isNull(), "no probe of web yet: " + api);
                assertTrue(api.at("/services/0/last_probe/answer").isMissingNode(), "a plain connect has no answer");

                browser.open(URI.create(s.base()));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Boolean.TRUE.equals(browser.script(
                        "return document.querySelectorAll('section.service p.answer:not([hidden])').length === 2;"))) {
                    assertTrue(System.nanoTime() < until, "the page did not show the answers within 20 s");
                    Thread.sleep(100);
                }
                @SuppressWarnings("unchecked")
                List<String> answers = (List<String>) browser.script("return Array.from(document.querySelectorAll("
                        + "'section.service p.answer:not([hidden]) code')).map(c => c.textContent);");
                assertEquals(List.of("+PONG", TAG), answers);
                String line = (String) browser.script("return document.querySelectorAll("
                        + "'section.service p.answer:not([hidden])')[0].textContent;");
                assertTrue(line.matches("Answer: \\+PONG \\(answered in [0-9.]+ ms\\)"), line);

                // the chart of a service whose conversations were answered draws the response's p50 too
                while (!Boolean.TRUE.equals(browser.script("var u = window.TcpSwarmStatus.plots.cache;"
                        + " return !!u && u.series.length === 6;"))) {
                    assertTrue(System.nanoTime() < until, "no response line on cache's chart within 20 s: "
                            + browser.script("return JSON.stringify(window.TcpSwarmStatus.histories.cache);"));
                    Thread.sleep(100);
                }
                assertEquals(List.of("time (UTC)", "failed", "p99", "p95", "p50", "response p50"), browser.script(
                        "return window.TcpSwarmStatus.plots.cache.series.map(s => s.label);"));
                JsonNode history = JSON.readTree((String) browser.script(
                        "return JSON.stringify(window.TcpSwarmStatus.histories.cache);"));
                List<Double> wanted = new ArrayList<>();
                history.at("/minutes/response_p50_ms").forEach(v -> wanted.add(v.isNull() ? null : v.asDouble()));
                assertTrue(wanted.stream().anyMatch(v -> v != null && v > 0), "a response time stored: " + history);
                @SuppressWarnings("unchecked")
                List<Object> plotted = (List<Object>) browser.script(
                        "return window.TcpSwarmStatus.plots.cache.data[5];");
                assertEquals(wanted, plotted.stream().map(v -> v == null ? null : ((Number) v).doubleValue()).toList(),
                        "the response p50 plotted, a point per minute");
                assertEquals(Boolean.TRUE, browser.script("return Array.from(document.querySelectorAll('figcaption'))"
                        + ".some(c => c.textContent === 'Connect time, response time and failures per minute: cache');"));
                assertEquals(0L, browser.script("return document.querySelectorAll('main script, main img').length;"),
                        "the tag is text, not an element");
                browser.assertNoErrors();
            }
        } finally {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
            resolver.shutdownNow();
        }
    }
}
