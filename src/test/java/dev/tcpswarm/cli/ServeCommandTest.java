package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcpswarm.verdict.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code serve} run in a thread, its output captured, stopped by {@link ServeCommand#stop()}. */
@Timeout(30)
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (.+):(\\d+) mode (\\w+)( max-connections \\d+)?");
    private static final Pattern STATUS = Pattern.compile("accepted: \\d+, open: \\d+, peak: \\d+, rejected: \\d+");

    /** One {@code serve} running in its own thread. */
    private static final class RunningServe implements AutoCloseable {
        final ServeCommand command = new ServeCommand();
        final CommandLine commandLine = new CommandLine(command);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);
        final Thread thread;

        RunningServe(String... args) {
            commandLine.setOut(new PrintWriter(out));
            commandLine.setErr(new PrintWriter(err));
            commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE); // as the top-level command does
            thread = new Thread(() -> exitCode.set(commandLine.execute(args)), "serve-under-test");
            thread.setDaemon(true);
            thread.start();
        }

        List<String> lines() {
            String text = out.toString();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        }

        /** Polls the output for up to 5 s until {@code ready} holds for its lines. */
        List<String> awaitLines(String what, Predicate<List<String>> ready) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!ready.test(lines())) {
                if (System.nanoTime() > deadline || !thread.isAlive() && !ready.test(lines())) {
                    fail("timed out waiting for " + what + "; out: " + out + " err: " + err);
                }
                sleep(10);
            }
            return lines();
        }

        Matcher listening() {
            String first = awaitLines("the listening line", lines -> !lines.isEmpty()).get(0);
            Matcher m = LISTENING.matcher(first);
            assertTrue(m.matches(), first);
            return m;
        }

        int port() {
            return Integer.parseInt(listening().group(2));
        }

        /** Stops the command and returns its exit code. */
        int stopAndWait() throws InterruptedException {
            command.stop();
            thread.join(10_000);
            assertFalse(thread.isAlive(), "serve did not stop");
            return exitCode.get();
        }

        /** Waits for a command that ends by itself and returns its exit code. */
        int awaitExit() throws InterruptedException {
            thread.join(10_000);
            assertFalse(thread.isAlive(), "serve did not end");
            return exitCode.get();
        }

        @Override
        public void close() {
            command.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    @Test
    void printsWhereItListensThenStatusLinesThenAFinalOne() throws Exception {
        try (RunningServe serve = new RunningServe("--interval", "0.05", "--threads", "1")) {
            Matcher listening = serve.listening();
            assertEquals("127.0.0.1", listening.group(1));
            assertEquals("hold", listening.group(3));
            assertEquals(null, listening.group(4));
            int port = serve.port();
            assertTrue(port > 0);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertTrue(client.isConnected());
                serve.awaitLines("a status line with the client", lines -> lines.stream()
                        .anyMatch(l -> l.equals("accepted: 1, open: 1, peak: 1, rejected: 0")));
            }
            serve.awaitLines("the client gone", lines -> lines.get(lines.size() - 1)
                    .equals("accepted: 1, open: 0, peak: 1, rejected: 0"));
            assertEquals(ExitCode.OK, serve.stopAndWait());
            List<String> lines = serve.lines();
            assertTrue(lines.size() >= 3, lines.toString());
            for (String line : lines.subList(1, lines.size())) {
                assertTrue(STATUS.matcher(line).matches(), line);
            }
            assertEquals("accepted: 1, open: 0, peak: 1, rejected: 0", lines.get(lines.size() - 1));
            assertEquals("", serve.err.toString());
        }
    }

    @Test
    void intervalZeroPrintsOnlyTheFinalStatus() throws Exception {
        try (RunningServe serve = new RunningServe("-i", "0", "--mode", "CLOSE", "--max-connections", "5")) {
            Matcher listening = serve.listening();
            assertEquals("close", listening.group(3));
            assertEquals(" max-connections 5", listening.group(4));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
                assertEquals(-1, client.getInputStream().read());
            }
            sleep(100);
            assertEquals(1, serve.lines().size());
            assertEquals(ExitCode.OK, serve.stopAndWait());
            List<String> lines = serve.lines();
            assertEquals(2, lines.size(), lines.toString());
            assertEquals("accepted: 1, open: 0, peak: 1, rejected: 0", lines.get(1));
        }
    }

    @Test
    void listensOnIpv6InBrackets() throws Exception {
        InetAddress ipv6 = Kernel.ipv6LoopbackOrSkip();
        try (RunningServe serve = new RunningServe("--bind", "[::1]", "--mode", "echo", "-i", "0")) {
            String first = serve.awaitLines("the listening line", lines -> !lines.isEmpty()).get(0);
            assertEquals("listening on [::1]:" + serve.port() + " mode echo", first);
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(ipv6, serve.port()), 5_000);
                client.setSoTimeout(5_000);
                client.getOutputStream().write(42);
                assertEquals(42, client.getInputStream().read());
            }
            assertEquals(ExitCode.OK, serve.stopAndWait());
        }
    }

    /** A port in use is a resource that is not available (sysexits' EX_UNAVAILABLE), not a bad command line. */
    @Test
    void aPortInUseIsUnavailable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (RunningServe serve = new RunningServe("--port", String.valueOf(port))) {
                assertEquals(69, serve.awaitExit());
                assertEquals(ExitCode.UNAVAILABLE, 69);
                assertEquals("", serve.out.toString());
                assertEquals("tcpswarm: cannot listen on 127.0.0.1:" + port + ": the port is already in use "
                        + "(something else listens there): stop that, or pick another --port (0 picks a free one)"
                        + System.lineSeparator(), serve.err.toString());
            }
        }
    }

    /** A certificate file that cannot be read is bad input, said with the prefix every error has. */
    @Test
    void anUnreadableCertificateIsOneLineWithTheCommonPrefix() throws Exception {
        try (RunningServe serve = new RunningServe("--tls", "--cert", "no-such-chain.pem", "--key", "no-such-key.pem")) {
            assertEquals(ExitCode.USAGE, serve.awaitExit());
            assertEquals("", serve.out.toString());
            List<String> err = serve.err.toString().lines().toList();
            assertEquals(1, err.size(), err.toString());
            assertTrue(err.get(0).startsWith("tcpswarm: ") && err.get(0).contains("no-such-chain.pem"), err.get(0));
        }
    }

    /** -i takes a duration with a unit, as run's does: 200ms. */
    @Test
    void theIntervalTakesAUnitAsRunsDoes() throws Exception {
        try (RunningServe serve = new RunningServe("-i", "200ms", "--threads", "1")) {
            serve.listening();
            serve.awaitLines("two status lines", lines -> lines.size() >= 3);
            assertEquals(ExitCode.OK, serve.stopAndWait());
        }
    }

    @Test
    void badValuesAreRejectedAsUsageErrors() throws Exception {
        String[][] cases = {
            {"--mode", "sideways"},
            {"--port", "65536"},
            {"--port", "-1"},
            {"--max-connections", "-1"},
            {"--interval", "-1"},
            {"--interval", "NaN"},
            {"--threads", "0"},
            {"--bind", "::g"},
            {"--bind", "[127.0.0.1"},
            {"-h"},
        };
        for (String[] args : cases) {
            try (RunningServe serve = new RunningServe(args)) {
                assertEquals(ExitCode.USAGE, serve.awaitExit(), Arrays.toString(args));
                assertEquals("", serve.out.toString(), Arrays.toString(args));
                assertTrue(serve.err.toString().contains(args[0]), serve.err.toString());
            }
        }
    }

    @Test
    void helpIsLongOnly() throws Exception {
        try (RunningServe serve = new RunningServe("--help")) {
            assertEquals(0, serve.awaitExit());
            String help = serve.out.toString();
            for (String option : List.of("--port", "--bind", "--mode", "--max-connections", "-i, --interval",
                    "--threads", "--help")) {
                assertTrue(help.contains(option), option + " missing from:\n" + help);
            }
            assertFalse(help.contains("-h,"), help);
            assertFalse(help.contains("--version"), help);
        }
    }

    @Test
    void stopReturnsPromptlyWithALongInterval() throws Exception {
        try (RunningServe serve = new RunningServe("-i", "3600")) {
            serve.listening();
            long started = System.nanoTime();
            assertEquals(ExitCode.OK, serve.stopAndWait());
            assertTrue(serve.command.awaitFinished(1, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3));
            assertEquals(2, serve.lines().size(), serve.lines().toString());
        }
    }

    @Test
    void bindTakesIpLiteralsWithOrWithoutBracketsAndLocalhost() throws Exception {
        ServeCommand.AddressConverter converter = new ServeCommand.AddressConverter();
        assertEquals(InetAddress.getByName("127.0.0.1"), converter.convert("127.0.0.1"));
        assertEquals(InetAddress.getByName("::1"), converter.convert("::1"));
        assertEquals(InetAddress.getByName("::1"), converter.convert("[::1]"));
        assertTrue(converter.convert("localhost").isLoopbackAddress());
        assertEquals("[::1]:8080", ServeCommand.addressLabel(InetAddress.getByName("::1"), 8080));
        assertEquals("0.0.0.0:80", ServeCommand.addressLabel(InetAddress.getByName("0.0.0.0"), 80));
    }
}
