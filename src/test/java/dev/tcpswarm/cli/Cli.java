package dev.tcpswarm.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the tcpswarm command in this JVM with its own stdin, stdout and stderr. */
final class Cli {
    record Outcome(int exit, String out, String err) {
        List<String> outLines() {
            return Arrays.asList(out.split("\n"));
        }

        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
        }
    }

    private Cli() {
    }

    /** The command model as tcpswarm builds it, with its streams going nowhere. */
    static CommandLine model() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return TcpSwarm.commandLine(new ByteArrayInputStream(new byte[0]), sink, sink);
    }

    static Outcome run(String... args) {
        return runWithInput("", args);
    }

    static Outcome runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TcpSwarm.execute(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The value after {@code prefix} on the report line that starts with it. */
    static String reportValue(Outcome o, String prefix) {
        return o.outLines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).trim())
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + o.out()));
    }
}
