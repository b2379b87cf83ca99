package dev.tcpswarm.store;

import dev.tcpswarm.verdict.ExitCode;

/**
 * The store cannot be used: written by a newer tcpswarm, not a tcpswarm store, or not openable.
 * The message is one line for stderr naming the file and what to do; the exit code says which.
 */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    StoreException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    StoreException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** What a failure to read {@code path} means: damaged or foreign (65), or not usable (74). */
    public static StoreException reading(java.nio.file.Path path, java.sql.SQLException e) {
        return StoreFile.failure(path, "cannot read the store", e);
    }

    /** {@link ExitCode#DATA_ERROR} for a newer or foreign file, {@link ExitCode#OUTPUT_FAILED} when it cannot be opened. */
    public int exitCode() {
        return exitCode;
    }
}
