package dev.tcpswarm.cli;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.server.ServerTls;
import dev.tcpswarm.verdict.ExitCode;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Unmatched;

/**
 * {@code tcpswarm demo}: the whole tool in one command for a new user. Starts the built-in server on a
 * free loopback port in this process and runs 1,000 connections against it, without a prompt, with
 * progress and the report; then shows what the server itself counted. With {@code --tls} the server
 * speaks TLS with a self-signed certificate made at start, which the run trusts ({@code --ca}, a
 * temporary PEM file) and verifies as it would any server's. Runs on the command's thread.
 */
@Command(name = "demo", description = "Start the built-in server on a free loopback port and run 1,000 connections "
        + "against it (any run option may be added, e.g. -c 5000 --rate 2000; with --tls the server speaks TLS "
        + "with a self-signed certificate, which the run trusts)")
public final class DemoCommand implements Callable<Integer> {
    /** run's options that name its target: the demo gives the target itself. */
    static final List<String> TARGET_OPTIONS = List.of("--host", "--port");

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
        Integer refused = refusal();
        if (refused != null) {
            return refused;
        }
        boolean tls = runOptions.contains("--tls");
        ServerTls serverTls = tls ? ServerTls.selfSigned() : null;
        Path trusted = null;
        try (BuiltInServer server = BuiltInServer.start(Transport.detect(), InetAddress.getLoopbackAddress(), 0,
                ServerMode.HOLD, 0, 1, serverTls)) {
            if (tls && runOptions.stream().noneMatch(a -> a.equals("--ca") || a.startsWith("--ca=")
                    || a.equals("--insecure"))) {
                trusted = Files.createTempFile("tcpswarm-demo-", ".pem");
                serverTls.writeCertificatePem(trusted);
            }
            out.println("demo: built-in server listening on 127.0.0.1:" + server.port() + " (mode hold"
                    + (tls ? "; " + serverTls.describe() : "") + ")");
            List<String> args = args(server.port(), trusted);
            out.println("demo: tcpswarm run " + String.join(" ", args));
            out.println();
            List<String> runArgs = new ArrayList<>(List.of("run"));
            runArgs.addAll(args);
            int exit = TcpSwarm.execute(in, out, err, runArgs.toArray(new String[0]));
            long until = System.nanoTime() + 1_000_000_000L; // let the server see tcpswarm's closes
            while (server.openNow() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            out.println();
            out.println("demo: the server counted " + server.statusLine());
            return exit;
        } finally {
            if (trusted != null) {
                Files.deleteIfExists(trusted);
            }
        }
    }

    /**
     * The run's command line read and checked as the run will read it, before the server starts: a
     * bad option is refused (64, pointing at this command's help) with nothing started. Null when
     * the run would start; a {@link UsageException} (the plan does not hold together) goes up as
     * the run's own would.
     */
    private Integer refusal() {
        List<String> probe = new ArrayList<>(List.of("run"));
        probe.addAll(args(1, null)); // any port: nothing is opened
        CommandLine cli = TcpSwarm.commandLine(in, out, err);
        try {
            cli.parseArgs(probe.toArray(new String[0]));
        } catch (ParameterException e) {
            err.println("tcpswarm: " + e.getMessage() + " (see 'tcpswarm demo --help')");
            return ExitCode.USAGE;
        }
        ((RunCommand) cli.getSubcommands().get("run").getCommand()).checked();
        return null;
    }

    /**
     * {@code demo --help} lists, after its own options, every option of {@code run} (which it takes),
     * at the width of its own help.
     */
    static void listRunOptions(CommandLine demo, CommandLine run) {
        UsageMessageSpec usage = demo.getCommandSpec().usageMessage();
        String key = "runOptionList";
        CommandSpec taken = CommandSpec.create(); // run's options but its target's: the demo's server is the target
        run.getCommandSpec().options().stream().filter(o -> !TARGET_OPTIONS.contains(o.longestName()))
                .forEach(o -> taken.addOption(OptionSpec.builder(o).build()));
        taken.usageMessage().width(demo.getCommandSpec().usageMessage().width());
        usage.sectionMap().put(key, help -> help.createHeading("%nAny option of run (the demo adds -c 1000 --rate 500 "
                + "-i 500ms -y when they are not given):%n")
                + demo.getHelpFactory().create(taken, help.colorScheme()).optionList());
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, key);
        usage.sectionKeys(keys);
    }

    /**
     * The target, the user's run options, and the demo's defaults for what the user left out;
     * {@code trusted} the server's certificate for {@code --ca}, or null.
     */
    private List<String> args(int port, Path trusted) {
        List<String> args = new ArrayList<>(List.of("127.0.0.1", String.valueOf(port)));
        args.addAll(runOptions);
        if (trusted != null) {
            args.addAll(List.of("--ca", trusted.toString()));
        }
        addUnlessGiven(args, List.of("-c", "--connections"), "-c", "1000");
        boolean tls = trusted != null || runOptions.contains("--tls");
        // TLS handshakes cost both sides CPU in this one process: a gentler pace, and a handshake
        // budget (the dial timeout) that covers the JDK's first, slow ones on a busy machine
        addUnlessGiven(args, List.of("--rate", "-s", "--sleep"), "--rate", tls ? "200" : "500");
        if (tls) {
            addUnlessGiven(args, List.of("--dial-timeout", "-t"), "--dial-timeout", "30s");
        }
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
