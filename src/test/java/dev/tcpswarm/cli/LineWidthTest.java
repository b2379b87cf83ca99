package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.report.TextReport;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's rule, "no line is wider than 120 columns", for every command's help and for the
 * report, plan and progress lines of run, ramp, merge, serve, demo, monitor --once and traffic
 * --no-follow on small real inputs (the built-in server on a loopback port, a small access log).
 */
@Timeout(120)
class LineWidthTest {
    @TempDir
    static Path dir;
    private static BuiltInServer server;
    private static String port;

    @BeforeAll
    static void startServer() throws Exception {
        server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 25, 1);
        port = String.valueOf(server.port());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static void fits(String what, String text) {
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= TextReport.WIDTH,
                    what + ": a line of " + line.length() + " columns:\n" + line + "\nin:\n" + text);
        }
    }

    private static void fits(String what, Cli.Outcome o) {
        fits(what + " (stdout)", o.out());
        fits(what + " (stderr)", o.err());
    }

    @Test
    void everyCommandsHelpFits() {
        List<List<String>> commands = new ArrayList<>();
        collect(Cli.model(), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 9, commands.toString());
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Cli.Outcome o = Cli.run(args.toArray(new String[0]));
            assertEquals(0, o.exit(), args + ": " + o.err());
            assertTrue(o.out().contains("Usage:"), args + ": " + o.out());
            fits(String.join(" ", args), o);
        }
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
        into.add(path);
        for (var sub : cli.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().aliases().length > 0
                    && List.of(sub.getValue().getCommandSpec().aliases()).contains(sub.getKey())) {
                continue; // an alias: the same command
            }
            List<String> deeper = new ArrayList<>(path);
            deeper.add(sub.getKey());
            collect(sub.getValue(), deeper, into);
        }
    }

    @Test
    void runsReportAndProgressFit() {
        Cli.Outcome o = Cli.run("run", "127.0.0.1", port, "-y", "-c", "40", "-i", "100ms", "--hold", "400ms");
        assertTrue(o.out().contains("tcp test statistics"), o.out() + o.err());
        fits("run", o);
    }

    @Test
    void rampsPlanTableAndVerdictFit() {
        Cli.Outcome o = RampTest.ramp(server.port(), "--start", "10", "--max", "60");
        assertTrue(o.out().contains("tcpswarm is going to open up to 60 TCP connections"), o.out() + o.err());
        assertTrue(o.out().contains("max concurrency"), o.out() + o.err());
        fits("ramp", o);
    }

    @Test
    void mergesShardsLineFits() {
        List<String> files = new ArrayList<>(List.of("merge"));
        for (int i = 0; i < 2; i++) {
            String json = dir.resolve("shard-" + i + ".json").toString();
            String hlog = dir.resolve("shard-" + i + ".hlog").toString();
            Cli.Outcome shard = Cli.run("run", "127.0.0.1", port, "-y", "-c", "20", "-i", "100ms", "--hold", "300ms",
                    "--shard", i + "/2", "--json", json, "--hdr-log", hlog);
            assertTrue(shard.out().contains("tcp test statistics"), shard.out() + shard.err());
            files.addAll(List.of(json, hlog));
        }
        Cli.Outcome o = Cli.run(files.toArray(new String[0]));
        assertTrue(o.out().contains("Shards merged: 2;"), o.out() + o.err());
        fits("merge", o);
    }

    @Test
    void demosOutputFits() {
        Cli.Outcome o = Cli.run("demo", "-c", "50");
        assertEquals(0, o.exit(), o.out() + o.err());
        fits("demo", o);
    }

    @Test
    void monitorOnceFits() {
        Cli.Outcome o = Cli.run("monitor", "tcp://127.0.0.1:" + port, "--once");
        assertTrue(!o.out().isEmpty(), o.err());
        fits("monitor --once", o);
    }

    @Test
    void trafficWithoutFollowFits() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int s = 0; s < 120; s++) {
            rows.add("\"10.0.0.1\",\"-\",\"apache\"," + (1_700_000_000 + s) + ",\"GET /a/very/long/section/name/"
                    + "x".repeat(90) + " HTTP/1.0\"," + (s % 10 == 0 ? 500 : 200) + ",1234");
        }
        Path log = dir.resolve("access.csv");
        Files.write(log, rows);
        Cli.Outcome o = Cli.run("traffic", log.toString(), "--no-follow");
        assertEquals(0, o.exit(), o.out() + o.err());
        fits("traffic --no-follow", o);
    }

    @Test
    void servesLinesFit() throws Exception {
        ServeCommand command = new ServeCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        Thread thread = new Thread(() -> cli.execute("--port", "0", "-i", "100ms"), "serve-under-test");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!out.toString().contains("listening on") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String listening = out.toString();
        int served = Integer.parseInt(listening.replaceAll("(?s).*listening on [^ ]+:(\\d+).*", "$1"));
        Socket client = new Socket(InetAddress.getLoopbackAddress(), served);
        Thread.sleep(300);
        client.close();
        command.stop();
        thread.join(10_000);
        fits("serve (stdout)", out.toString());
        fits("serve (stderr)", err.toString());
    }
}
