package dev.tcpswarm.cli;

import dev.tcpswarm.verdict.ExitCode;

/**
 * Bad input found after parsing (a value out of range, options that exclude each other, a host
 * that does not resolve): one line for stderr and its exit code.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UsageException(String message) {
        this(message, ExitCode.USAGE);
    }

    public UsageException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
