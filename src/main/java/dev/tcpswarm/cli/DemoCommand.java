package dev.tcpswarm.cli;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code tcpswarm demo}: the whole tool in one command for a new user. Starts the built-in server on a
 * free loopback port in this process and runs 1,000 connections against it, without a prompt, with
 * progress and the report; then shows what the server itself counted.
 */
@Command(name = "demo", description = "Start the built-in server on a free loopback port and run 1,000 connections "
        + "against it (any run option may be added, e.g. -c 5000 --rate 2000)")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    HelpOption help = new HelpOption();

    @Unmatched
    List<String> runOptions = new ArrayList<>();

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public DemoCommand() {
        this(System.in, System.out, System.err);
    }

    public DemoCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            out.println("demo: built-in server listening on 127.0.0.1:" + server.port() + " (mode hold)");
            out.println("demo: tcpswarm run " + String.join(" ", args(server.port())));
            out.println();
            List<String> runArgs = new ArrayList<>(List.of("run"));
            runArgs.addAll(args(server.port()));
            int exit = TcpSwarm.execute(in, out, err, runArgs.toArray(new String[0]));
            long until = System.nanoTime() + 1_000_000_000L; // let the server see tcpswarm's closes
            while (server.openNow() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            out.println();
            out.println("demo: the server counted " + server.statusLine());
            return exit;
        }
    }

    /** The target, the user's run options, and the demo's defaults for what the user left out. */
    private List<String> args(int port) {
        List<String> args = new ArrayList<>(List.of("127.0.0.1", String.valueOf(port)));
        args.addAll(runOptions);
        addUnlessGiven(args, List.of("-c", "--connections"), "-c", "1000");
        addUnlessGiven(args, List.of("--rate", "-s", "--sleep"), "--rate", "500");
        addUnlessGiven(args, List.of("-i", "--interval"), "-i", "500ms");
        addUnlessGiven(args, List.of("-y", "--assume-yes"), "-y");
        return args;
    }

    private void addUnlessGiven(List<String> args, List<String> names, String... option) {
        boolean given = runOptions.stream().anyMatch(a -> names.stream().anyMatch(n -> a.equals(n) || a.startsWith(n + "=")
                || (n.length() == 2 && a.startsWith(n) && !a.startsWith("--"))));
        if (!given) {
            args.addAll(List.of(option));
        }
    }
}
