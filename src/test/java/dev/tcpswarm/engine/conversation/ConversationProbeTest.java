package dev.tcpswarm.engine.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.ProbeRequest;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.engine.tls.TestCertificates;
import dev.tcpswarm.engine.tls.TlsSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe's conversation on the engine, against scripted servers on loopback sockets: send and
 * expect with escapes, hex and captures, each failure's own reason and words (no answer within the
 * step's timeout, the wrong answer at once, a close before the answer, a STARTTLS refused), the
 * latencies (time to first byte, to each match), and a real STARTTLS upgrade to TLS with a
 * certificate made by the test.
 */
class ConversationProbeTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static SSLContext serverTls;
    static EventLoopGroup group;
    static ExecutorService resolver;
    static ExecutorService servers;
    static ProbeDialer dialer;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.in(dir.resolve("pki"));
        TestCertificates.ServerCertificate cert = certs.valid();
        serverTls = ((JdkSslContext) SslContextBuilder.forServer(cert.chain().toFile(), cert.key().toFile())
                .sslProvider(SslProvider.JDK).build()).context();
        Transport transport = Transport.detect();
        group = transport.newEventLoopGroup(1, "conversation-test");
        resolver = Executors.newSingleThreadExecutor();
        servers = Executors.newCachedThreadPool();
        dialer = new ProbeDialer(transport, resolver);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
        resolver.shutdownNow();
        servers.shutdownNow();
    }

    /** What a scripted server does with its one connection. */
    interface Script {
        void run(Socket s) throws Exception;
    }

    /** Probes a server that runs {@code script} on its one connection, with {@code steps}. */
    private static ProbeReading probe(Script script, long timeoutMillis, Optional<TlsSettings> tls, Step... steps)
            throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    script.run(s);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, servers);
            CompletableFuture<ProbeReading> done = new CompletableFuture<>();
            dialer.probe(group.next(), new ProbeRequest("127.0.0.1", listener.getLocalPort(), ProbeFamily.AUTO,
                    timeoutMillis, 1, tls, Optional.of(new Conversation(List.of(steps)))), done::complete);
            ProbeReading r = done.get(20, TimeUnit.SECONDS);
            served.get(20, TimeUnit.SECONDS);
            return r;
        }
    }

    private static ProbeReading probe(Script script, Step... steps) throws Exception {
        return probe(script, 2000, Optional.empty(), steps);
    }

    /** Reads up to and with the next LF. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0;) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Waits for the probe's close (its FIN), so that the server's own close is an orderly one. */
    static void awaitClose(Socket s) throws IOException {
        s.setSoTimeout(5000);
        while (s.getInputStream().read() >= 0) {
            // what the probe sends after the conversation (nothing) is drained
        }
    }

    @Test
    void aPingAnsweredByPongPassesWithItsLatenciesAndTheAnswer() throws Exception {
        ProbeReading r = probe(s -> {
            assertEquals("PING\r\n", line(s.getInputStream()));
            Thread.sleep(30);
            write(s, "+PONG\r\n");
            awaitClose(s);
        }, Step.Send.of("PING\\r\\n"), Step.Expect.regex("^\\+PONG\\r\\n"));
        assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
        ConversationReading c = r.conversation().orElseThrow();
        assertEquals("+PONG", c.answer());
        assertEquals(1, c.matchNanos().size());
        assertTrue(c.matchNanos().get(0) >= 30_000_000L, c.toString());
        assertTrue(c.firstByteNanos() >= 30_000_000L && c.firstByteNanos() < 2_000_000_000L, c.toString());
        assertTrue(r.connectNanos() > 0, r.toString());
    }

    @Test
    void theWrongAnswerFailsAtOnceWithWhatCameEscapedAndCut() throws Exception {
        String err = "-ERR unknown command 'PING', with args beginning with: \"x\"\t" + "y".repeat(60) + "\r\n";
        long t0 = System.nanoTime();
        ProbeReading r = probe(s -> {
            line(s.getInputStream());
            write(s, err);
            awaitClose(s);
        }, 5000, Optional.empty(), Step.Send.of("PING\\r\\n"), Step.Expect.regex("^\\+PONG"));
        long took = System.nanoTime() - t0;
        assertEquals(ProbeOutcome.UNEXPECTED_ANSWER, r.outcome(), r.toString());
        assertEquals("expected /^\\+PONG/ but got \"-ERR unknown command 'PING', with args beginning with: \\\"x\\\"\\t"
                + "y".repeat(21) + "...\"", r.detail());
        assertTrue(took < 4_000_000_000L, "failed at once, not at the 5 s timeout: " + took);
        assertTrue(r.conversation().orElseThrow().answer().startsWith("-ERR unknown command"), r.toString());
    }

    @Test
    void noAnswerFailsAfterTheStepsOwnTimeout() throws Exception {
        long t0 = System.nanoTime();
        ProbeReading r = probe(s -> {
            line(s.getInputStream());
            awaitClose(s); // reads, never answers
        }, 5000, Optional.empty(), Step.Send.of("PING\\r\\n"), Step.Expect.regex("^\\+PONG").within(300_000_000L));
        long took = System.nanoTime() - t0;
        assertEquals(ProbeOutcome.NO_ANSWER, r.outcome(), r.toString());
        assertEquals("no answer within 300ms", r.detail());
        assertTrue(took >= 300_000_000L && took < 4_000_000_000L, "took " + took);
    }

    @Test
    void withoutItsOwnTimeoutAnExpectWaitsTheProbesTimeout() throws Exception {
        ProbeReading r = probe(s -> awaitClose(s), 400, Optional.empty(), Step.Expect.regex("^SSH-2\\.0-"));
        assertEquals(ProbeOutcome.NO_ANSWER, r.outcome(), r.toString());
        assertEquals("no answer within 400ms", r.detail());
    }

    @Test
    void aPartialAnswerAtTheTimeoutSaysWhatCame() throws Exception {
        ProbeReading r = probe(s -> {
            write(s, "220-first line\r\n");
            awaitClose(s);
        }, 400, Optional.empty(), Step.Expect.regex("^(?:220-[^\\r\\n]*\\r?\\n)*220 "));
        assertEquals(ProbeOutcome.UNEXPECTED_ANSWER, r.outcome(), r.toString());
        assertEquals("expected /^(?:220-[^\\r\\n]*\\r?\\n)*220 / but got \"220-first line\\r\\n\" (nothing more within"
                + " 400ms)", r.detail());
    }

    @Test
    void aCloseBeforeTheAnswerIsItsOwnReason() throws Exception {
        ProbeReading r = probe(s -> {
            line(s.getInputStream());
            s.shutdownOutput();
            awaitClose(s);
        }, Step.Send.of("PING\\r\\n"), Step.Expect.regex("^\\+PONG"));
        assertEquals(ProbeOutcome.CLOSED_BEFORE_ANSWER, r.outcome(), r.toString());
        assertEquals("closed by the server before the expected answer", r.detail());
    }

    @Test
    void capturesHexAndByteCountsCarryAConversation() throws Exception {
        ProbeReading r = probe(s -> {
            write(s, "hello, your token is tok-42 ok\r\n");
            InputStream in = s.getInputStream();
            assertEquals("AUTH tok-42\r\n", line(in));
            byte[] hex = in.readNBytes(4);
            assertEquals("[1, 0, 0, -1]", java.util.Arrays.toString(hex));
            write(s, "\u0000\u0001\u0002rest");
            awaitClose(s);
        }, Step.Expect.regex("token is (\\S+)"), Step.Send.of("AUTH ${1}\\r\\n"),
                new Step.Send(Payload.parse("hex: 01 00 00 ff")), Step.Expect.bytes(3));
        assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
        ConversationReading c = r.conversation().orElseThrow();
        assertEquals("tok-42", c.answer(), "group 1 of the first expect");
        assertEquals(2, c.matchNanos().size());
    }

    @Test
    void starttlsUpgradesThenTalksOverTls() throws Exception {
        ProbeReading r = probe(s -> {
            write(s, "220 test ESMTP ready\r\n");
            InputStream in = s.getInputStream();
            assertEquals("EHLO tcpswarm\r\n", line(in));
            write(s, "250-test greets you\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
            assertEquals("STARTTLS\r\n", line(in));
            write(s, "220 go ahead\r\n");
            SSLSocket tls = (SSLSocket) serverTls.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            assertEquals("EHLO tcpswarm\r\n", line(tls.getInputStream()));
            write(tls, "250 test\r\n");
            awaitClose(tls);
        }, 3000, Optional.of(TlsSettings.verified().withCaFile(certs.ca()).withServerName("localhost")),
                new Step.StartTls(StartTlsProtocol.SMTP), Step.Send.of("EHLO tcpswarm\\r\\n"),
                StartTlsProtocol.reply("250"));
        assertEquals(ProbeOutcome.OPEN, r.outcome(), r.toString());
        assertTrue(r.tls().orElseThrow().completed(), r.toString());
        assertEquals("220 test ESMTP ready", r.conversation().orElseThrow().answer());
    }

    @Test
    void aRefusedStarttlsIsItsOwnReason() throws Exception {
        ProbeReading r = probe(s -> {
            write(s, "220 test ESMTP ready\r\n");
            InputStream in = s.getInputStream();
            line(in);
            write(s, "250 test\r\n");
            line(in);
            write(s, "454 4.7.0 TLS not available\r\n");
            awaitClose(s);
        }, 3000, Optional.empty(), new Step.StartTls(StartTlsProtocol.SMTP));
        assertEquals(ProbeOutcome.STARTTLS_REFUSED, r.outcome(), r.toString());
        assertEquals("STARTTLS refused: got \"454 4.7.0 TLS not available\\r\\n\"", r.detail());
    }
}
