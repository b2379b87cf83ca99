package dev.tcpswarm.cli;

import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every load command shares: progress interval, debug, the prompt, plain output, help. */
public final class CommonOptions {
    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", converter = Durations.Seconds.class,
            defaultValue = "1", description = "Seconds between progress lines; 0 = none until the end (default: 1)")
    long intervalNanos;

    @Mixin
    DebugOption debug = new DebugOption();

    @Option(names = {"-y", "--assume-yes"}, description = "Do not ask for confirmation")
    boolean assumeYes;

    @Option(names = "--plain", description = "Plain progress lines, no live status line")
    boolean plain;

    @Mixin
    HelpOption help = new HelpOption();

    long intervalMillis() {
        return TimeUnit.NANOSECONDS.toMillis(intervalNanos);
    }

    /** A live status line only on an interactive terminal, and not in CI or with --plain. */
    boolean liveStatusWanted(boolean onStdout) {
        return onStdout && !plain && System.getenv("CI") == null && Terminals.stdoutIsTerminal();
    }
}
