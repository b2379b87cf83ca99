package dev.tcpswarm.established;

/** A tcp or tcp6 table that is not in the kernel's format: which line, and what could not be read. */
public final class MalformedProcNetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedProcNetException(String message) {
        super(message);
    }
}
