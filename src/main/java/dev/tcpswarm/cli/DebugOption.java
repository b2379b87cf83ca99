package dev.tcpswarm.cli;

import picocli.CommandLine.Option;

/**
 * {@code -d, --debug}, as every command takes it: one declaration mixed into each command (picocli's
 * mixin pattern). What it adds besides stack traces differs by command, so its description comes from
 * {@code Options.properties} by the command's name ({@code tcpswarm.run.debug}, ...), with
 * {@code debug} there for the commands that only add stack traces. Read on the command's thread.
 */
public final class DebugOption {
    @Option(names = {"-d", "--debug"}, descriptionKey = "debug", description = "Stack traces for internal errors")
    boolean debug;

    /** Whether --debug was given. */
    boolean on() {
        return debug;
    }
}
