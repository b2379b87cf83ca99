package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor --test-channel NAME CONFIG}: one test notification, its outcome printed, exit 0 or
 * 69; the secret of the channel (from a file) is in the request and in none of the output, nor in
 * {@code --check}'s.
 */
@Timeout(30)
class TestChannelTest {
    @TempDir
    Path dir;

    @Test
    void sendsOneTestNotificationAndSaysHowItWent() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            paths.add(ex.getRequestURI().getPath());
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = ex.getRequestURI().getPath().contains("bad") ? 403 : 200;
            byte[] answer = (status == 200 ? "ok" : "invalid_token").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Files.writeString(dir.resolve("hook-url"), base + "/services/T0/B0/Sup3rSecretToken\n");
            Files.writeString(dir.resolve("bad-url"), base + "/bad/Sup3rSecretToken\n");
            Path config = dir.resolve("m.yaml");
            Files.writeString(config, """
                    services:
                      - {name: db, address: "127.0.0.1:1"}
                    channels:
                      chat: {type: slack, url_file: %s}
                      broken: {type: slack, url_file: %s}
                    """.formatted(dir.resolve("hook-url"), dir.resolve("bad-url")));
            Cli.Outcome ok = Cli.run("monitor", "--test-channel", "chat", config.toString());
            assertEquals(0, ok.exit(), ok.err());
            assertTrue(ok.out().matches("test notification via chat \\(slack\\): sent in [0-9.]+ s\\n"), ok.out());
            assertEquals("/services/T0/B0/Sup3rSecretToken", paths.get(0));
            assertTrue(bodies.get(0).contains("[TEST] tcpswarm-test"), bodies.get(0));

            Cli.Outcome bad = Cli.run("monitor", "--test-channel", "broken", config.toString());
            assertEquals(69, bad.exit());
            assertTrue(bad.err().contains("test notification via broken (slack) failed after "), bad.err());
            assertTrue(bad.err().endsWith(": HTTP 403: invalid_token\n"), bad.err());

            Cli.Outcome check = Cli.run("monitor", "--check", config.toString());
            assertEquals(0, check.exit(), check.err());
            for (Cli.Outcome o : List.of(ok, bad, check)) {
                assertFalse((o.out() + o.err()).contains("Sup3rSecretToken"), o.toString());
            }
            Cli.Outcome unknown = Cli.run("monitor", "--test-channel", "nope", config.toString());
            assertEquals(64, unknown.exit());
            assertTrue(unknown.err().contains("no channel named 'nope'"), unknown.err());
        } finally {
            server.stop(0);
        }
    }
}
