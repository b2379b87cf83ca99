package dev.tcpswarm.cli;

import picocli.CommandLine.Option;

/**
 * {@code --help}, as every command takes it: one declaration mixed into each command (picocli's
 * mixin pattern). Only {@code --help}: {@code -h} stays free, as in tcpgoon. Read on the command's thread.
 */
public final class HelpOption {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;
}
