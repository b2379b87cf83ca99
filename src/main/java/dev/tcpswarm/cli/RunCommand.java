package dev.tcpswarm.cli;

import dev.tcpswarm.engine.DialObserver;
import dev.tcpswarm.engine.LoadRun;
import dev.tcpswarm.engine.Messaging;
import dev.tcpswarm.engine.Phase;
import dev.tcpswarm.engine.RunControl;
import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Preflight;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.report.DebugObserver;
import dev.tcpswarm.report.IntervalFiles;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.report.JunitXmlWriter;
import dev.tcpswarm.report.LiveStatus;
import dev.tcpswarm.report.OutputFailures;
import dev.tcpswarm.report.PlainProgress;
import dev.tcpswarm.report.RawConnectSamples;
import dev.tcpswarm.report.ResultDocument;
import dev.tcpswarm.report.TextReport;
import dev.tcpswarm.report.html.RunReportPage;
import dev.tcpswarm.stats.IntervalTimeline;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.verdict.AbortWatch;
import dev.tcpswarm.verdict.ExitCode;
import dev.tcpswarm.verdict.Threshold;
import dev.tcpswarm.verdict.ThresholdResult;
import dev.tcpswarm.verdict.Verdict;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tcpswarm run}: the connection load test. Reads as the run goes: command line, plan,
 * preflight and prompt, the run (dialer, tracker, progress), the report, and the verdict as the
 * exit code.
 */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true,
        description = "Open N TCP connections to a server at a set pacing, track every one, report, and exit "
                + "with a code a CI pipeline can trust.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "100",
            description = "Connections to open (default: ${DEFAULT-VALUE})")
    int connections;

    @Mixin
    PacingOptions pacing = new PacingOptions();

    @Mixin
    TransportOptions transportOptions = new TransportOptions();

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    MessageOptions messages = new MessageOptions();

    @Mixin
    ShardOptions shards = new ShardOptions();

    @Option(names = "--hold", paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Once all are resolved, keep the established ones open this long (e.g. 30s, 5m)")
    Long holdNanos;

    @Option(names = "--reconnect", description = "During --hold, reopen each connection the server closes, "
            + "at the run's pacing, so N stay open")
    boolean reconnect;

    @Option(names = "--max-duration", paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Hard deadline for the whole run: connections still dialing then fail (reason: deadline), "
                    + "unstarted ones stay NotInitiated, and the exit code is 2")
    Long maxDurationNanos;

    @Option(names = "--threshold", paramLabel = "EXPR", converter = ThresholdConverter.class,
            description = "Pass/fail rule, repeatable, k6 style: p(99)<50ms, error_rate<=0.1%%, established>=9990. "
                    + "When given, thresholds decide the exit code (0 or 3)")
    List<Threshold> thresholds = new ArrayList<>();

    @Option(names = "--abort-on-fail", description = "Stop as soon as a threshold can no longer pass (exit 3)")
    boolean abortOnFail;

    @Mixin
    OutputOptions outputs = new OutputOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public RunCommand() {
        this(System.in, System.out, System.err);
    }

    public RunCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        LoadPlan plan = checked();
        List<Phase> phases = tls.phases(plan.target(), plan.dialTimeoutMillis());
        Messaging messaging = messages.messaging();
        Transport transport = transportOptions.choose(err::println);
        pacing.notes().forEach(note -> err.println("tcpswarm: note: " + note));
        for (String warning : Preflight.check(plan, transport.bindsSourceWithoutPort())) {
            err.println("tcpswarm: warning: " + warning);
        }
        // Everything the run needs besides its connections is opened before the prompt: its event
        // loops, and descriptors kept back for its end. A run that uses every descriptor left (or
        // finds none left) then still ends with its report and every file.
        try (DebugObserver debug = common.debug.on() ? new DebugObserver(err) : null;
                RawConnectSamples samples = RawConnectSamples.open(System.getenv(RawConnectSamples.VARIABLE));
                DescriptorReserve reserve = DescriptorReserve.take();
                LoadRun run = new LoadRun(plan, transport, DialObserver.both(debug, samples),
                        outputs.sampleIntervalMillis(common.intervalMillis()), phases, messaging)) {
            if (!common.assumeYes) {
                PrintStream talk = outputs.jsonOnStdout() ? err : out;
                printBanner(plan, talk);
                if (!Prompt.confirm(in, talk)) {
                    err.println("tcpswarm: not confirmed: nothing was opened");
                    return ExitCode.INCOMPLETE;
                }
            }
            return execute(plan, run, reserve, outputs.jsonOnStdout() ? err : out);
        }
    }

    /**
     * What the command line asks for, checked before anything is opened: the output files can be
     * written, the plan holds together; a {@link UsageException} says what is wrong. {@code demo}
     * asks this before it starts its server.
     */
    LoadPlan checked() {
        outputs.check();
        LoadPlan plan = plan(target.resolve());
        if (messages.messaging() != null && messages.repeats() && plan.holdNanos() == 0) {
            throw new UsageException("--message is sent while the connections are held: add --hold DURATION");
        }
        return plan;
    }

    LoadPlan plan(Target resolved) {
        if (connections < 1) {
            throw new UsageException("--connections must be at least 1 (got " + connections + ")");
        }
        if (abortOnFail && thresholds.isEmpty()) {
            throw new UsageException("--abort-on-fail needs at least one --threshold");
        }
        if (reconnect && holdNanos == null) {
            throw new UsageException("--reconnect works during --hold: add --hold DURATION");
        }
        long hold = holdNanos == null ? 0 : holdNanos;
        long deadline = maxDurationNanos == null ? 0 : maxDurationNanos;
        if (maxDurationNanos != null && deadline <= 0) {
            throw new UsageException("--max-duration must be longer than 0");
        }
        LoadPlan plan = shards.apply(new LoadPlan(resolved, connections, pacing.startIntervalNanos(),
                pacing.dialTimeoutMillis(), hold, reconnect, deadline, pacing.closeMode(), pacing.sources(resolved),
                pacing.threads()), Instant.now());
        PacingOptions.requireLocal(plan.sources()); // this shard's own addresses: the others are other machines'
        return plan;
    }

    private static void printBanner(LoadPlan plan, PrintStream out) {
        Target t = plan.target();
        out.println("tcpswarm is going to open " + plan.connections() + " TCP connections to " + t.label()
                + (t.resolvedDiffers() ? " (" + t.resolvedAddress() + ")" : "")
                + (plan.shard().isWhole() ? "" : ", shard " + plan.shard().label() + " of a plan of "
                        + plan.shard().planConnections()));
        String pacingText = plan.paced()
                ? String.format(Locale.ROOT, "one every %s (%.1f per second); all started in about %s",
                        Durations.format(plan.startIntervalNanos()), plan.ratePerSecond(), Durations.format(plan.rampNanos()))
                : "as fast as possible";
        out.println("Pacing: " + pacingText + "; dial timeout " + plan.dialTimeoutMillis() + " ms"
                + (plan.holdNanos() > 0 ? "; hold " + Durations.format(plan.holdNanos()) : ""));
    }

    /**
     * The run, then its outputs. An output file that cannot be written is named on stderr and costs
     * that file only; the exit code then says so (74). The files whose content does not hold the
     * exit code are written first, so that the JSON result holds the final one.
     */
    @SuppressWarnings("try") // the guard is only held; the interval files are closed (completed) early
    private int execute(LoadPlan plan, LoadRun run, DescriptorReserve reserve, PrintStream progressOut)
            throws Exception {
        RunControl control = new RunControl();
        OutputFailures failures = new OutputFailures(err);
        if (plan.startAt() != null) {
            ShardOptions.checkStart(plan, Instant.now()); // again: the prompt may have taken a while
            progressOut.println(ShardOptions.waitLine(plan, Instant.now()));
        }
        try (SignalGuard guard = SignalGuard.install(control);
                IntervalFiles files = IntervalFiles.forRun(outputs.csv, outputs.hdrLog, plan, run.tracker().series(),
                        run.tracker().sends(), outputs.sampleIntervalMillis(common.intervalMillis()), failures);
                AbortWatch abortWatch = abortOnFail
                        ? new AbortWatch(thresholds, run.tracker(), plan.reconnect() ? Long.MAX_VALUE : plan.connections(),
                                control::abort)
                        : null;
                // closed at the run's end; here too, so that a failure never leaves the terminal's scroll region
                LiveStatus live = common.liveStatusWanted(progressOut == out) ? LiveStatus.open(run.tracker()) : null) {
            if (live != null || common.intervalMillis() > 0) {
                run.addListener(live != null ? live : new PlainProgress(progressOut));
            }
            run.addListener(files);
            IntervalTimeline timeline = new IntervalTimeline(run.tracker()::errorsByReason);
            if (outputs.html != null) {
                run.addListener(timeline);
            }
            RunResult result = run.execute(control);
            reserve.release(); // dialing has stopped: the report and the files get them
            if (control.stop() == RunControl.Stop.ABORTED) {
                err.println("tcpswarm: stopped early: threshold '" + control.abortReason() + "' can no longer pass");
            }
            List<ThresholdResult> judged = Threshold.evaluateAll(thresholds, result);
            int verdict = Verdict.exitCode(result, thresholds, judged);
            files.close();
            ResultDocument judgedDoc = new ResultDocument("run", TcpSwarm.Version.current(), plan, result, judged,
                    verdict);
            failures.write(outputs.junit, () -> JunitXmlWriter.write(judgedDoc, outputs.junit));
            failures.write(outputs.html, () -> RunReportPage.write(judgedDoc.withExitCode(
                    Verdict.withOutputs(verdict, failures.any())), timeline.points(), OutputOptions.commandLine(spec),
                    outputs.html));
            ResultDocument doc = new ResultDocument("run", TcpSwarm.Version.current(), plan, result, judged,
                    Verdict.withOutputs(verdict, failures.any()));
            if (outputs.jsonOnStdout()) {
                JsonResultWriter.writeTo(doc, out);
                out.flush();
            } else {
                TextReport.print(out, plan, result, judged, Terminals.colourOnStdout());
            }
            failures.write(outputs.json, () -> JsonResultWriter.write(doc, outputs.json));
            int exit = Verdict.withOutputs(verdict, failures.any());
            return exit;
        }
    }

}
