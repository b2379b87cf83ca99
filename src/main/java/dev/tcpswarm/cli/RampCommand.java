package dev.tcpswarm.cli;

import dev.tcpswarm.engine.DialObserver;
import dev.tcpswarm.engine.Messaging;
import dev.tcpswarm.engine.Phase;
import dev.tcpswarm.engine.RunControl;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Preflight;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.ramp.LevelStep;
import dev.tcpswarm.ramp.Precision;
import dev.tcpswarm.ramp.RampPlan;
import dev.tcpswarm.ramp.RampResult;
import dev.tcpswarm.ramp.RampSearch;
import dev.tcpswarm.report.DebugObserver;
import dev.tcpswarm.report.OutputFailures;
import dev.tcpswarm.report.RampCsvWriter;
import dev.tcpswarm.report.RampJsonWriter;
import dev.tcpswarm.report.RampTable;
import dev.tcpswarm.report.TextReport;
import dev.tcpswarm.report.html.RampReportPage;
import dev.tcpswarm.verdict.ExitCode;
import dev.tcpswarm.verdict.Threshold;
import dev.tcpswarm.verdict.Verdict;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tcpswarm ramp}: finds the most connections a server can hold. Reads as it goes: command
 * line, the search's plan, preflight and prompt, the search with its live table, the verdict, the
 * files, and the exit code.
 */
@Command(name = "ramp", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Find the most TCP connections a server can hold at once. Connections are added level by level "
                    + "(earlier ones stay open) and every level is held for a while; a level fails at the first "
                    + "error or connection the server closes, or when a --fail-when expression holds. After the "
                    + "first failed level, fresh attempts (everything closed, then opened anew) narrow the limit "
                    + "down by bisection between the last good and the first failed count.",
            "",
            "A level is judged on what it added plus the health of everything held: its latencies, errors, "
                    + "error_rate, attempts, rates and late starts are those of the connections it added; "
                    + "established, closed and max_concurrent are over every connection held.",
            "",
            "One table row per level or fresh attempt (established and closed over everything held, the rest "
                    + "for what the level added); then one verdict line, e.g. 'max concurrency: 1500 (first "
                    + "failure at 1516: reset by peer)' or 'no limit found up to 4000'. Errors for a limit of "
                    + "this machine (too many open files, local ports exhausted) stop the search and are reported "
                    + "as such, not as the server's capacity.",
        })
public final class RampCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--start", paramLabel = "N", defaultValue = "100",
            description = "First level: connections held at once (default: ${DEFAULT-VALUE})")
    int start;

    @Option(names = "--step", paramLabel = "+K|xF", defaultValue = "x2",
            description = "From one level to the next: +K adds K connections, xF multiplies by F "
                    + "(default: ${DEFAULT-VALUE})")
    String step;

    @Option(names = "--max", paramLabel = "N",
            description = "Ceiling: the last level, never passed (default: the open-files limit, ulimit -n, less "
                    + RampPlan.RESERVED_FDS + " for the JVM; at most " + RampPlan.HIGHEST_DEFAULT_MAX + ", and "
                    + RampPlan.UNKNOWN_LIMIT_MAX + " where the limit is unknown)")
    Integer max;

    @Option(names = "--level-hold", paramLabel = "DURATION", converter = Durations.Seconds.class, defaultValue = "2s",
            description = "How long each level is held once all its connections are resolved, e.g. 500ms, 5s "
                    + "(default: ${DEFAULT-VALUE})")
    long levelHoldNanos;

    @Option(names = "--fail-when", paramLabel = "EXPR", converter = ThresholdConverter.class,
            description = "A level fails when this holds; repeatable; the --threshold language, e.g. "
                    + "error_rate>1%%, p(99)>200ms, closed>0. Replaces the default rule (any error, or any "
                    + "connection the server closed). A latency that cannot be measured fails the level too")
    List<Threshold> failWhen = new ArrayList<>();

    @Option(names = "--precision", paramLabel = "N|P%", defaultValue = "1%",
            description = "Refine until the last good and the first failed count are this close: connections, "
                    + "or a percentage of the first failed level (default: 1%%)")
    String precision;

    @Option(names = "--cooldown", paramLabel = "DURATION", converter = Durations.Seconds.class, defaultValue = "1s",
            description = "Pause after closing everything, before each fresh attempt, so the server can let the "
                    + "old connections go (default: ${DEFAULT-VALUE})")
    long cooldownNanos;

    @Mixin
    PacingOptions pacing = new PacingOptions();

    @Mixin
    TransportOptions transportOptions = new TransportOptions();

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    MessageOptions messages = new MessageOptions();

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write every level and the verdict as JSON (schema " + RampJsonWriter.SCHEMA + ")")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV row per level and fresh attempt")
    Path csv;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report: established "
            + "against target and p99 per level, the verdict (opens offline, from file://)")
    Path html;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public RampCommand() {
        this(System.in, System.out, System.err);
    }

    public RampCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkWritable(json);
        OutputOptions.checkWritable(csv);
        OutputOptions.checkWritable(html);
        RampPlan plan = plan(target.resolve());
        List<Phase> phases = tls.phases(plan.dialing().target(), plan.dialing().dialTimeoutMillis());
        Messaging messaging = messages.messaging();
        Transport transport = transportOptions.choose(err::println);
        pacing.notes().forEach(note -> err.println("tcpswarm: note: " + note));
        if (max != null) {
            // Only for a ceiling the user chose: the default one is the open-files limit less a margin,
            // which fits the open files by construction, and the port wall past half the ephemeral range
            // would warn about a ceiling nobody asked for (ports running out are a local limit anyway).
            // a level past half the range opens in one batch, whose ports tcpswarm picks (and says so)
            for (String warning : Preflight.check(plan.dialPlan(plan.max()), transport.bindsSourceWithoutPort())) {
                err.println("tcpswarm: warning: " + warning);
            }
        }
        // The search's event loops and descriptors kept back for its end, before the prompt (see run).
        try (DebugObserver debug = common.debug.on() ? new DebugObserver(err) : null;
                DescriptorReserve reserve = DescriptorReserve.take();
                RampSearch search = new RampSearch(plan, transport, debug == null ? DialObserver.NONE : debug,
                        phases, messaging)) {
            printBanner(plan, out);
            if (!common.assumeYes && !Prompt.confirm(in, out)) {
                err.println("tcpswarm: not confirmed: nothing was opened");
                return ExitCode.INCOMPLETE;
            }
            return execute(search, reserve, !phases.isEmpty());
        }
    }

    RampPlan plan(Target resolved) {
        if (start < 1) {
            throw new UsageException("--start must be at least 1 (got " + start + ")");
        }
        LevelStep levelStep = parse(() -> LevelStep.parse(step), "--step");
        Precision refineTo = parse(() -> Precision.parse(precision), "--precision");
        int ceiling;
        if (max != null) {
            if (max < start) {
                throw new UsageException("--start " + start + " is above --max " + max);
            }
            ceiling = max;
        } else {
            long openFiles = Preflight.openFilesLimit();
            ceiling = RampPlan.defaultMax(openFiles);
            if (ceiling < start) {
                throw new UsageException("--start " + start + " is above the default ceiling " + ceiling
                        + " (the open-files limit " + openFiles + " less " + RampPlan.RESERVED_FDS
                        + "): give a lower --start or raise the limit (ulimit -n)");
            }
        }
        LoadPlan dialing = new LoadPlan(resolved, start, pacing.startIntervalNanos(), pacing.dialTimeoutMillis(), 0,
                false, 0, pacing.closeMode(), PacingOptions.requireLocal(pacing.sources(resolved)), pacing.threads());
        return new RampPlan(dialing, start, levelStep, ceiling, levelHoldNanos, refineTo, failWhen, cooldownNanos);
    }

    private interface Parser<T> {
        T parse();
    }

    private static <T> T parse(Parser<T> parser, String option) {
        try {
            return parser.parse();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** {@code line}, broken at spaces within 120 columns, as the report's lines are. */
    private static void wrapped(PrintStream out, String line) {
        TextReport.wrap(line).forEach(out::println);
    }

    private static void printBanner(RampPlan plan, PrintStream out) {
        LoadPlan d = plan.dialing();
        Target t = d.target();
        String rule = plan.failsAtFirstTrouble() ? "the first error or connection closed by the server"
                : plan.failWhen().stream().map(Threshold::expression).collect(Collectors.joining(" or "));
        wrapped(out, "tcpswarm is going to open up to " + plan.max() + " TCP connections to " + t.label()
                + (t.resolvedDiffers() ? " (" + t.resolvedAddress() + ")" : "") + ": levels from " + plan.start()
                + ", step " + plan.step() + ", each held " + Durations.format(plan.levelHoldNanos())
                + "; a level fails at " + rule + "; then fresh attempts narrow the limit down to "
                + plan.precision() + (plan.precision().percent() ? " of the failed level" : " connections"));
        String pacingText = d.paced()
                ? String.format(Locale.ROOT, "one every %s (%.1f per second)", Durations.format(d.startIntervalNanos()),
                        d.ratePerSecond())
                : "as fast as possible";
        wrapped(out, "Pacing: " + pacingText + "; dial timeout " + d.dialTimeoutMillis() + " ms; close "
                + d.closeMode().name().toLowerCase(Locale.ROOT));
        out.flush();
    }

    /** The search, then its files: one that cannot be written is named on stderr, and the exit code is 74. */
    @SuppressWarnings("try") // the guard is only held, for Ctrl-C and SIGTERM during the search
    private int execute(RampSearch search, DescriptorReserve reserve, boolean tlsColumns) throws Exception {
        RunControl control = new RunControl();
        OutputFailures failures = new OutputFailures(err);
        try (SignalGuard guard = SignalGuard.install(control)) {
            RampResult result;
            try (RampTable table = new RampTable(out, err, common.liveStatusWanted(true), common.intervalMillis(),
                    search::progress, tlsColumns)) {
                table.printHeader();
                result = search.execute(control, table);
                reserve.release(); // every connection is closed: the files get them
                table.printVerdict(result.verdict());
            }
            failures.write(csv, () -> RampCsvWriter.write(result, csv));
            int verdict = result.verdict().exitCode();
            failures.write(html, () -> RampReportPage.write(result, TcpSwarm.Version.current(),
                    Verdict.withOutputs(verdict, failures.any()), OutputOptions.commandLine(spec), html));
            failures.write(json, () -> RampJsonWriter.write(result, TcpSwarm.Version.current(),
                    Verdict.withOutputs(verdict, failures.any()), json));
            return Verdict.withOutputs(verdict, failures.any());
        }
    }

}
