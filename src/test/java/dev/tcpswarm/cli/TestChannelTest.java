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

    @Test
    void aCommandChannelRunsTheCommandOnceAndExits69WhenItFails() throws Exception {
        Path out = dir.resolve("ran.txt");
        Path config = dir.resolve("m.yaml");
        Files.writeString(config, """
                services:
                  - {name: db, address: "127.0.0.1:1"}
                channels:
                  page: {type: command, argv: [sh, -c, 'printf "%%s|%%s|%%s|%%s|%%s\\n" "$1" "$2" "$3" "$4" "$5" >> "$0"', "%s",
                         "{alert}", "{service}", "{state}", "{event}", "{reason}"]}
                  fails: {type: command, argv: [sh, -c, "exit 3"]}
                  missing: {type: command, argv: ["%s"]}
                  hangs: {type: command, argv: [sleep, "30"], timeout: 1s}
                """.formatted(out, dir.resolve("no-such-program")));
        Cli.Outcome ok = Cli.run("monitor", "--test-channel", "page", config.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().matches("test notification via page \\(command\\): sent in [0-9.]+ s\\n"), ok.out());
        assertEquals("", ok.err());
        assertEquals(List.of("tcpswarm-test|test|UP|test|a test notification from tcpswarm monitor (--test-channel page)"),
                Files.readAllLines(out), "the command ran once, its placeholders filled in");

        Cli.Outcome fails = Cli.run("monitor", "--test-channel", "fails", config.toString());
        assertEquals(69, fails.exit(), fails.toString());
        assertEquals("", fails.out());
        assertTrue(fails.err().matches("tcpswarm monitor: test notification via fails \\(command\\) failed after [0-9.]+ s:"
                + " exit 3\\n"), fails.err());

        Cli.Outcome missing = Cli.run("monitor", "--test-channel", "missing", config.toString());
        assertEquals(69, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("failed after ") && missing.err().contains(": cannot run "
                + dir.resolve("no-such-program")), missing.err());

        long t0 = System.nanoTime();
        Cli.Outcome hangs = Cli.run("monitor", "--test-channel", "hangs", config.toString());
        assertEquals(69, hangs.exit(), hangs.toString());
        assertTrue(hangs.err().endsWith(": timeout after 1s\n"), hangs.err());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the test waits for the channel's timeout, not the command");
        for (Cli.Outcome o : List.of(ok, fails, missing, hangs)) {
            assertFalse((o.out() + o.err()).contains("Exception"), o.toString());
        }
    }

    @Test
    void aWebhookToAReceiverThatRefusesExits69WithItsAnswer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"error\":\"unknown hook\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/gone") ? 410 : 500, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path config = dir.resolve("m.yaml");
            Files.writeString(config, """
                    services:
                      - {name: db, address: "127.0.0.1:1"}
                    channels:
                      gone: {type: webhook, url: "%1$s/gone"}
                      broken: {type: webhook, url: "%1$s/broken", retries: 5}
                      nobody: {type: webhook, url: "http://127.0.0.1:%2$d/hook"}
                    """.formatted(base, closed));
            Cli.Outcome gone = Cli.run("monitor", "--test-channel", "gone", config.toString());
            assertEquals(69, gone.exit(), gone.toString());
            assertEquals("", gone.out());
            assertTrue(gone.err().matches("tcpswarm monitor: test notification via gone \\(webhook\\) failed after [0-9.]+ s:"
                    + " HTTP 410: .*unknown hook.*\\n"), gone.err());
            assertEquals(1, bodies.size(), "sent once");
            assertTrue(bodies.get(0).contains("\"alert\":\"tcpswarm-test\""), bodies.get(0));

            Cli.Outcome broken = Cli.run("monitor", "--test-channel", "broken", config.toString());
            assertEquals(69, broken.exit(), broken.toString());
            assertTrue(broken.err().contains(": HTTP 500"), broken.err());
            assertEquals(2, bodies.size(), "a test is sent once, whatever the channel's retries");

            Cli.Outcome nobody = Cli.run("monitor", "--test-channel", "nobody", config.toString());
            assertEquals(69, nobody.exit(), nobody.toString());
            assertTrue(nobody.err().endsWith(": connection refused to 127.0.0.1:" + closed + "\n"), nobody.err());
        } finally {
            server.stop(0);
        }
    }
}
