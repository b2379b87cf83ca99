package dev.tcpswarm.cli;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.verdict.ExitCode;
import dev.tcpswarm.verdict.ThresholdGrammar;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code tcpswarm} command: its subcommands, and the one place where every outcome becomes an
 * exit code. {@code tcpswarm [options] <host> <port>} without a subcommand means {@code run}, as
 * tcpgoon's users type it.
 */
@Command(name = "tcpswarm", resourceBundle = "dev.tcpswarm.cli.Options", versionProvider = TcpSwarm.Version.class, sortOptions = false,
        description = "Load-test servers with many concurrent TCP connections.",
        subcommands = {RunCommand.class, RampCommand.class, ServeCommand.class, MonitorCommand.class,
            EstablishedCommand.class, TrafficCommand.class, MergeCommand.class, DemoCommand.class, HelpCommand.class},
        footer = {"%n`tcpswarm <host> <port> [options]` without a subcommand means `tcpswarm run`."})
public final class TcpSwarm {
    @Mixin
    HelpOption help = new HelpOption();

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit")
    boolean version;

    /** The first word of a command line that was run as an implied {@code run}; null otherwise. */
    private String impliedRunFirstWord;

    /**
     * Netty logs through java.util.logging, to stderr, with stack traces (for example when a network
     * namespace has no interfaces): silent unless --debug. Held here so the setting is not collected.
     */
    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    public static void main(String[] args) {
        // First: from here on a signal ends the process as documented, whatever the moment.
        ProcessSignals.install(ExitCode.onSignal(args.length == 0 ? "" : args[0]));
        NETTY_LOG.setLevel(debug(args) ? Level.WARNING : Level.OFF);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, Charset.defaultCharset());
        System.setOut(out);
        int code = ExitCode.SOFTWARE;
        try {
            code = execute(args);
        } catch (Error e) { // an Exception is handled in failure(); an Error still ends the process the same way
            System.err.println("tcpswarm: internal error: " + e + (debug(args) ? "" : " (run with --debug for details)"));
            if (debug(args)) {
                e.printStackTrace();
            }
        } finally {
            ProcessEnd.exit(code);
        }
    }

    /** Parses and runs {@code args} on the process's streams; returns the exit code. */
    public static int execute(String... args) {
        return execute(System.in, System.out, System.err, args);
    }

    /** Parses and runs {@code args} with the given streams (tests use this); returns the exit code. */
    public static int execute(InputStream in, PrintStream out, PrintStream err, String... args) {
        CommandLine cli = commandLine(in, out, err);
        String[] prepared;
        try {
            prepared = EstablishedCompat.prepare(args, System.getenv(), err);
        } catch (UsageException e) {
            err.println("tcpswarm: " + e.getMessage());
            return e.exitCode();
        }
        return cli.execute(withDefaultSubcommand(cli, prepared));
    }

    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new TcpSwarm(), new StreamsFactory(in, out, err));
        cli.setParameterExceptionHandler(TcpSwarm::badInput);
        cli.setExecutionExceptionHandler(TcpSwarm::failure);
        addExitCodes(cli);
        addThresholdGrammar(cli);
        HelpWidth.apply(cli);
        DemoCommand.listRunOptions(cli.getSubcommands().get("demo"), cli.getSubcommands().get("run"));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    /** Every command's help, and so its man page, ends with its exit codes, from {@link ExitCode}: one list for all. */
    private static void addExitCodes(CommandLine cli) {
        String qualified = cli.getCommandSpec().qualifiedName();
        Map<String, String> codes = ExitCode.helpList(qualified.equals("tcpswarm") ? ""
                : qualified.substring("tcpswarm ".length()));
        if (!codes.isEmpty()) {
            cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
        cli.getSubcommands().values().forEach(TcpSwarm::addExitCodes);
    }

    /**
     * Every command with an option in the threshold language ({@code run --threshold}, {@code ramp
     * --fail-when}, ...) ends its help, and so its man page, with the language's grammar.
     */
    private static void addThresholdGrammar(CommandLine cli) {
        boolean takesThresholds = cli.getCommandSpec().options().stream()
                .anyMatch(o -> Arrays.stream(o.converters()).anyMatch(ThresholdConverter.class::isInstance));
        if (takesThresholds) {
            String[] lines = ThresholdGrammar.lines().stream().map(l -> l.replace("%", "%%")).toArray(String[]::new);
            cli.getCommandSpec().usageMessage().footerHeading("%nThresholds:%n").footer(lines);
        }
        cli.getSubcommands().values().forEach(TcpSwarm::addThresholdGrammar);
    }

    /** Hands the command's streams to the commands that take them. */
    private static final class StreamsFactory implements IFactory {
        private final InputStream in;
        private final PrintStream out;
        private final PrintStream err;

        StreamsFactory(InputStream in, PrintStream out, PrintStream err) {
            this.in = in;
            this.out = out;
            this.err = err;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(InputStream.class, PrintStream.class, PrintStream.class)
                        .newInstance(in, out, err);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    /** Prepends {@code run} when the first argument is neither a subcommand nor a top-level option. */
    static String[] withDefaultSubcommand(CommandLine cli, String[] args) {
        if (args.length == 0) {
            return args;
        }
        String first = args[0];
        boolean topLevel = cli.getSubcommands().containsKey(first)
                || List.of("--help", "-V", "--version").contains(first);
        if (topLevel) {
            return args;
        }
        ((TcpSwarm) cli.getCommand()).impliedRunFirstWord = first;
        String[] withRun = new String[args.length + 1];
        withRun[0] = "run";
        System.arraycopy(args, 0, withRun, 1, args.length);
        return withRun;
    }

    private static int badInput(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("tcpswarm: " + e.getMessage() + mistypedCommand(cmd) + " (see 'tcpswarm " + qualified(cmd)
                + "--help')");
        if (debug(args)) {
            e.printStackTrace(cmd.getErr());
        }
        return ExitCode.USAGE;
    }

    /** When an implied {@code run} failed on bad input, a hint if its first word looks like a mistyped command. */
    private static String mistypedCommand(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        if (cmd == root || !(root.getCommand() instanceof TcpSwarm top)) {
            return "";
        }
        return MistypedCommand.hint(top.impliedRunFirstWord, root.getSubcommands().keySet());
    }

    private static String qualified(CommandLine cmd) {
        return cmd.getParent() == null ? "" : cmd.getCommandName() + " ";
    }

    private static int failure(Exception e, CommandLine cmd, ParseResult parsed) {
        boolean debug = debug(parsed.originalArgs().toArray(new String[0]));
        if (e instanceof UsageException usage) {
            cmd.getErr().println("tcpswarm: " + usage.getMessage()
                    + (usage.exitCode() == ExitCode.USAGE ? mistypedCommand(cmd) : ""));
            if (debug) {
                e.printStackTrace(cmd.getErr());
            }
            return usage.exitCode();
        }
        cmd.getErr().println("tcpswarm: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
        if (debug) {
            e.printStackTrace(cmd.getErr());
        }
        return ExitCode.SOFTWARE;
    }

    private static boolean debug(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("-d") || a.equals("--debug"));
    }

    /**
     * {@code tcpswarm --version}: what was built (the version, the commit), and what it runs on here
     * (the Java runtime, the transports that load). The first line alone is the tool's version as
     * the result files record it.
     */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String commit = BuildInfo.commit();
            List<String> transports = Transport.available().stream().map(Transport::name).toList();
            return new String[] {
                "tcpswarm " + BuildInfo.version(),
                "commit:     " + (commit == null ? "unknown (built outside a git checkout, or without git)" : commit),
                "java:       " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                        + ", " + System.getProperty("java.home") + ")",
                "transports: " + String.join(", ", transports) + " (auto picks " + transports.get(0) + ")"};
        }

        static String current() {
            return BuildInfo.version();
        }
    }
}
