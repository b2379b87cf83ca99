package dev.tcpswarm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What notifications say and leave behind, through a running monitor: real commands (their process
 * groups ended on timeout and at the stop), a real webhook receiver, a port nobody listens on. The
 * watched service is a loopback port that refuses, so its alert fires within a second. Bounds on
 * time are only deadlines for things that must happen.
 */
@Timeout(60)
class MonitorNotificationsTest {
    @TempDir
    Path dir;

    private final List<NotificationOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** A loopback port with no listener: probes of it are refused. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Monitor monitor(String yaml) throws Exception {
        MonitorConfig config = new ConfigReader(List.of()).read("n.yaml", yaml);
        MonitorListener sink = new MonitorListener() {
            @Override
            public void notified(NotificationOutcome outcome) {
                outcomes.add(outcome);
            }
        };
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Monitor m = new Monitor(config, MonitorClock.SYSTEM, Transport.detect(), 1, quiet,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), null, List.of(sink));
        m.start();
        return m;
    }

    private NotificationOutcome awaitOutcome(String channel) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            for (NotificationOutcome o : outcomes) {
                if (o.channel().equals(channel)) {
                    return o;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no outcome on " + channel + "; stderr: " + stderr.toString(StandardCharsets.UTF_8));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) || fileEmpty(file)) {
            assertTrue(System.nanoTime() < until, "never written: " + file);
            Thread.sleep(20);
        }
    }

    private static boolean fileEmpty(Path file) {
        try {
            return Files.readString(file).isBlank();
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** True once the process is gone, waiting up to 10 s for it to end. */
    private static boolean ends(long pid) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private String downService(String name, String alertAndChannels) throws Exception {
        return """
                defaults: {interval: 100ms, timeout: 500ms, labels: {team: data}}
                services:
                  - {name: "%s", address: "127.0.0.1:%d"}
                """.formatted(name, closedPort()) + alertAndChannels;
    }

    @Test
    void eachPlaceholderIsFilledOnceNeverInsideWhatItBroughtIn() throws Exception {
        Monitor m = monitor(downService("n {state}", """
                alerts:
                  - {name: "a {event}", target: "n {state}", when: down, channels: [run]}
                channels:
                  run: {type: command, argv: [/usr/bin/touch, "%s/{service}|{alert}|{state}"]}
                """.formatted(dir)));
        try {
            assertTrue(awaitOutcome("run").delivered(), outcomes.toString());
        } finally {
            m.close();
        }
        assertTrue(Files.exists(dir.resolve("n {state}|a {event}|DOWN")), "made: " + List.of(dir.toFile().list()));
    }

    @Test
    void aCommandPastItsTimeoutIsEndedWithEverythingItStarted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Monitor m = monitor(downService("db", """
                alerts:
                  - {name: db-down, target: db, when: down, channels: [run]}
                channels:
                  run: {type: command, timeout: 500ms, argv: [/bin/sh, -c, "sleep 3600 & echo $! > %s; wait"]}
                """.formatted(pidFile)));
        NotificationOutcome o;
        try {
            o = awaitOutcome("run");
        } finally {
            m.close();
        }
        assertFalse(o.delivered());
        assertEquals("timeout after 500ms", o.error());
        awaitFile(pidFile);
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(ends(child), "the command's own child (sleep, pid " + child + ") was ended with it, not orphaned");
    }

    @Test
    void aCommandStillRunningAtTheStopIsEndedAndItsOutcomeRecorded() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Monitor m = monitor(downService("db", """
                alerts:
                  - {name: db-down, target: db, when: down, channels: [run]}
                channels:
                  run: {type: command, timeout: 1h, argv: [/bin/sh, -c, "sleep 3600 & echo $! > %s; wait"]}
                """.formatted(pidFile)));
        try {
            awaitFile(pidFile);
        } finally {
            m.close();
        }
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(ends(child), "the command's child (sleep, pid " + child + ") was ended at the stop");
        NotificationOutcome o = awaitOutcome("run");
        assertFalse(o.delivered());
        assertEquals("ended at stop, still running", o.error());
    }

    @Test
    void aFailedDeliverySaysWhatFailed() throws Exception {
        int nobody = closedPort();
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/", exchange -> {
            // never answers: the client's timeout ends it
        });
        silent.start();
        int silentPort = silent.getAddress().getPort();
        Monitor m = monitor(downService("db", """
                alerts:
                  - {name: db-down, target: db, when: down, channels: [refused, silent]}
                channels:
                  refused: {type: webhook, url: "http://127.0.0.1:%d/hook", retries: 0}
                  silent: {type: webhook, url: "http://127.0.0.1:%d/hook", retries: 0, timeout: 300ms}
                """.formatted(nobody, silentPort)));
        try {
            assertEquals("connection refused to 127.0.0.1:" + nobody, awaitOutcome("refused").error());
            assertEquals("timeout after 300ms from 127.0.0.1:" + silentPort, awaitOutcome("silent").error());
        } finally {
            m.close();
            silent.stop(0);
        }
    }

    @Test
    void aGroupsAlertCarriesTheDefaultLabels() throws Exception {
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        Monitor m = monitor(downService("db", """
                groups:
                  - {name: stack, members: [db]}
                alerts:
                  - {name: stack-down, target: stack, when: down, channels: [hook]}
                channels:
                  hook: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                """.formatted(receiver.getAddress().getPort())));
        try {
            assertTrue(awaitOutcome("hook").delivered());
        } finally {
            m.close();
            receiver.stop(0);
        }
        assertEquals("stack", bodies.get(0).get("target").asText());
        assertEquals("data", bodies.get(0).at("/labels/team").asText(), bodies.get(0).toString());
    }
}
