package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.RedisProcess;
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
 * as a line on its service's card, the tag as text: nothing made of it, nothing run.
 */
class StatusPageAnswerTest {
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
        try (RedisProcess redis = RedisProcess.start(dir);
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
