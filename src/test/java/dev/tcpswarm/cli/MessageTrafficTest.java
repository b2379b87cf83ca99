package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.verdict.ExitCode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --message ... --expect} against the built-in echo server, on real sockets: what
 * tcpswarm counts as sent is what the server echoed, every message is answered, a server that
 * stops answering shows as response timeouts, and a stall shows in the response latency measured
 * from the planned send.
 */
@Timeout(120)
class MessageTrafficTest {
    private static final String MESSAGE = "hello tcpswarm\\n"; // 15 bytes once unescaped
    private static final int MESSAGE_BYTES = 15;

    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopRunner() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void whatTheEchoServerReceivedIsWhatTcpswarmCountedSentAndEveryMessageIsAnswered() throws Exception {
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(echo.port()), "-c", "40", "-s", "0", "--hold", "2s",
                    "--send", "HELLO\\r\\n", "--message", MESSAGE, "--message-rate", "20", "--expect", "\\n",
                    "--response-timeout", "10s", "-y", "-i", "0", "--output", "json");
            assertEquals(0, o.exit(), o.out() + o.err());
            JsonNode m = new ObjectMapper().readTree(o.out()).at("/messages");
            long sent = m.at("/sent").asLong();
            // each connection: the first message, then one every 50 ms from its start, for at least the hold
            assertTrue(sent >= 40 * (1 + 2 * 20), m.toString());
            assertTrue(m.at("/sent_per_second").asDouble() > 40 * 20 * 0.5, m.toString());
            long bytes = m.at("/bytes_sent").asLong();
            assertEquals(40 * 7 + (sent - 40) * MESSAGE_BYTES, bytes, "the first message is 7 bytes, the rest 15");
            Kernel.awaitEquals(bytes, echo::echoedBytes, 10, "bytes the server echoed");
            assertEquals(bytes, echo.echoedBytes());
            assertEquals(bytes, m.at("/bytes_received").asLong(), "every byte came back before the end");
            assertEquals(sent, m.at("/responses").asLong(), "every message answered: " + m);
            assertEquals(0, m.at("/response_timeouts").asLong());
            assertEquals(0, m.at("/unanswered").asLong());
            assertEquals(sent, m.at("/response_latency_ms/count").asLong());
            assertTrue(echo.statusLine().endsWith(", echoed: " + bytes + " bytes"), echo.statusLine());
        }
    }

    @Test
    void anEchoServerThatStopsAnsweringShowsAsResponseTimeoutsAndFailsTheThreshold() throws Exception {
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(echo.port()), "-c", "20",
                    "-s", "0", "--hold", "3s", "--message", MESSAGE, "--message-rate", "10", "--expect", "tcpswarm\\n",
                    "--response-timeout", "300ms", "--threshold", "response_timeouts==0", "-y", "-i", "0",
                    "--output", "json"));
            Kernel.awaitAtLeast(20 * 5 * MESSAGE_BYTES, echo::echoedBytes, 30, "answers before the stall");
            echo.pauseEcho();
            Cli.Outcome o = run.get(60, TimeUnit.SECONDS);
            JsonNode r = new ObjectMapper().readTree(o.out());
            JsonNode m = r.at("/messages");
            assertEquals(ExitCode.THRESHOLD_FAILED, o.exit(), o.out() + o.err());
            long sent = m.at("/sent").asLong();
            long answered = m.at("/responses").asLong();
            long echoed = echo.echoedBytes() / MESSAGE_BYTES;
            assertTrue(answered >= 20 * 5 && answered <= echoed, m + ", echoed " + echoed);
            // from the stall on, nothing is answered: the hold's last second and more, at 10/s on 20 connections
            assertTrue(sent - answered >= 20 * 10, m.toString());
            assertEquals(sent - answered, m.at("/unanswered").asLong());
            assertTrue(m.at("/response_timeouts").asLong() >= 20 * 5, m.toString());
            assertTrue(m.at("/response_timeouts").asLong() <= sent - answered, m.toString());
            assertEquals(0, m.at("/responses_late").asLong());
            assertEquals(0, r.at("/counts/error").asLong(), "a silent server is not a connection error");
        }
    }

    @Test
    void aStallOfTheServerShowsInTheResponseLatencyFromThePlannedSend() throws Exception {
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(echo.port()), "-c", "10",
                    "-s", "0", "--hold", "3s", "--message", MESSAGE, "--message-rate", "50", "--expect", "\\n",
                    "--response-timeout", "10s", "-y", "-i", "0", "--output", "json"));
            Kernel.awaitAtLeast(10 * 25 * MESSAGE_BYTES, echo::echoedBytes, 30, "answers before the stall");
            echo.pauseEcho();
            long paused = System.nanoTime();
            Thread.sleep(200);
            echo.resumeEcho();
            long stall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused);
            Cli.Outcome o = run.get(60, TimeUnit.SECONDS);
            JsonNode m = new ObjectMapper().readTree(o.out()).at("/messages");
            assertEquals(0, o.exit(), o.out() + o.err());
            JsonNode latency = m.at("/response_latency_ms");
            assertEquals(m.at("/sent").asLong(), m.at("/responses").asLong(), "all answered after the stall: " + m);
            // A message planned just as the stall began waited for all of it: the maximum is the stall
            // (less the time the pause and resume took to reach the loops), and at most the stall
            // plus the run's own delays.
            assertTrue(latency.at("/max").asDouble() >= 150, latency.toString());
            assertTrue(latency.at("/max").asDouble() <= stall + 1000, latency + ", stall " + stall + " ms");
            // About 7% of the messages were planned in the 200 ms of a 3 s hold, waiting from 200 ms
            // (planned as it began) down to 0: the top 1% waited about 170 ms, less what the pause took
            // to reach the loops. The median message was never in the stall: it stays far below it.
            assertTrue(latency.at("/p99").asDouble() >= 120, latency.toString());
            assertTrue(latency.at("/p50").asDouble() <= 100, latency.toString());
        }
    }

    @Test
    void rampFindsHowManyConnectionsTheServerAnswersAtTheMessageRate(@TempDir Path dir) throws Exception {
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            // The server answers while it holds at most 30 connections, then hangs: as one that keeps
            // up with the traffic of 30 and no more.
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted() && echo.openNow() <= 30) {
                    Thread.onSpinWait();
                }
                echo.pauseEcho();
            });
            watcher.setDaemon(true);
            watcher.start();
            Path json = dir.resolve("ramp.json");
            Cli.Outcome o = Cli.run("ramp", "127.0.0.1", String.valueOf(echo.port()), "--start", "10", "--step", "+10",
                    "--max", "60", "--level-hold", "1s", "--precision", "10", "--cooldown", "0s", "--message", MESSAGE,
                    "--message-rate", "10", "--expect", "\\n", "--response-timeout", "300ms", "-y", "-i", "0",
                    "--json", json.toString());
            watcher.interrupt();
            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertEquals("limit_found", doc.at("/verdict/outcome").asText(), o.out() + o.err());
            assertEquals(30, doc.at("/verdict/max_concurrency").asInt(), o.out());
            assertEquals(40, doc.at("/verdict/first_failure_at").asInt(), o.out());
            JsonNode level30 = doc.at("/levels/2");
            assertEquals(30, level30.at("/target").asInt());
            JsonNode m = level30.at("/messages");
            // over the level's 1 s hold, 30 connections at 10/s: about 300 messages, all answered
            assertTrue(m.at("/sent").asLong() >= 30 * 10 * 0.8, m.toString());
            assertEquals(0, m.at("/response_timeouts").asLong(), m.toString());
            JsonNode level40 = doc.at("/levels/3");
            assertTrue(level40.at("/messages/response_timeouts").asLong() > 0, level40.toString());
            assertTrue(level40.at("/failure").asText().contains("no answer within the response timeout"),
                    level40.toString());
        }
    }

    /**
     * A rate no client can keep up with (300 connections at 20,000 messages a second each): every
     * connection is still dialed, the hold still ends on time and so does the run, and what was sent
     * is exactly what the server echoed; the shortfall shows in the rate achieved.
     */
    @Test
    void aRateTheClientCannotKeepUpWithStillDialsEveryConnectionAndEndsOnTime() throws Exception {
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            Future<Cli.Outcome> run = runner.submit(() -> Cli.run("127.0.0.1", String.valueOf(echo.port()), "-c",
                    "300", "-s", "0", "--hold", "2s", "--message", MESSAGE, "--message-rate", "20000", "--expect",
                    "\\n", "--response-timeout", "1s", "-y", "-i", "0", "--output", "json"));
            Cli.Outcome o = run.get(40, TimeUnit.SECONDS);
            JsonNode r = new ObjectMapper().readTree(o.out());
            assertEquals(0, o.exit(), o.out() + o.err());
            assertEquals(300, r.at("/established_total").asLong(), "every connection dialed");
            assertTrue(r.at("/wall_seconds").asDouble() < 20, "the hold ended on time: " + r.at("/wall_seconds"));
            JsonNode m = r.at("/messages");
            assertTrue(m.at("/sent_per_second").asDouble() < 300 * 20_000, m.toString());
            long bytes = m.at("/bytes_sent").asLong();
            assertEquals(m.at("/sent").asLong() * MESSAGE_BYTES, bytes);
            Kernel.awaitEquals(bytes, echo::echoedBytes, 20, "bytes the server echoed");
        }
    }

    @Test
    void aBinaryPayloadFromAFileIsSentAsItIs(@TempDir Path dir) throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("payload.bin"), payload);
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(echo.port()), "-c", "5", "-s", "0", "--hold", "1s",
                    "--send-file", file.toString(), "--expect", "\\xfe\\xff", "-y", "-i", "0", "--output", "json");
            assertEquals(0, o.exit(), o.out() + o.err());
            JsonNode m = new ObjectMapper().readTree(o.out()).at("/messages");
            assertEquals(5, m.at("/sent").asLong());
            assertEquals(5 * 256, m.at("/bytes_sent").asLong());
            assertEquals(5, m.at("/responses").asLong(), m.toString());
            Kernel.awaitEquals(5 * 256, echo::echoedBytes, 10, "bytes echoed");
        }
    }

    @Test
    void theTextReportSaysWhatWasSentAndAnswered() throws Exception {
        try (BuiltInServer echo = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.ECHO, 0, 1)) {
            Cli.Outcome o = Cli.run("127.0.0.1", String.valueOf(echo.port()), "-c", "4", "-s", "0", "--hold", "1s",
                    "--message", "hex: 70 69 6e 67 0a", "--message-rate", "10", "--expect", "ping\\n",
                    "--response-timeout", "10s", "-y", "-i", "0");
            assertEquals(0, o.exit(), o.out() + o.err());
            String sent = Cli.reportValue(o, "Messages sent:");
            long n = Long.parseLong(sent.substring(0, sent.indexOf(' ')));
            assertTrue(n >= 4 * 10, o.out());
            assertEquals(n + " matched, 0 timed out (0 of them answered late), 0 unanswered",
                    Cli.reportValue(o, "Responses:"));
            assertTrue(Cli.reportValue(o, "Bytes:").startsWith((n * 5) + " sent ("), o.out());
            assertTrue(o.out().contains("Response latency from planned send: min/avg/max/dev = "), o.out());
        }
    }

    @Test
    void badTrafficOptionsAreOneLineAndExit64() {
        String[][] cases = {
            {"--message", "x", "--hold", "1s"}, "--message needs --message-rate R".split("\n"),
            {"--message", "x", "--message-rate", "5"}, "add --hold DURATION".split("\n"),
            {"--message-rate", "5", "--hold", "1s"}, "--message-rate is the rate of --message".split("\n"),
            {"--expect", "x"}, "--expect is the answer to a message".split("\n"),
            {"--send", "x", "--expect", "("}, "is not a regular expression".split("\n"),
            {"--send", "bad \\q"}, "unknown escape".split("\n"),
            {"--message", "x", "--message-rate", "0", "--hold", "1s"}, "--message-rate must be above 0".split("\n"),
            {"--send-file", "/nonexistent/payload"}, "no such file".split("\n"),
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] args = new String[cases[i].length + 5];
            args[0] = "127.0.0.1";
            args[1] = "1";
            args[2] = "-c";
            args[3] = "1";
            args[4] = "-y";
            System.arraycopy(cases[i], 0, args, 5, cases[i].length);
            Cli.Outcome o = Cli.run(args);
            assertEquals(ExitCode.USAGE, o.exit(), String.join(" ", cases[i]) + ": " + o.err());
            assertEquals(1, o.errLines().size(), o.err());
            assertTrue(o.err().contains(cases[i + 1][0]), String.join(" ", cases[i]) + ": " + o.err());
        }
    }
}
