package dev.tcpswarm.traffic;

/**
 * A line its format cannot read, with the reason for the user ({@code not a combined-log line
 * (no [date])}). Thrown by the parsers for every bad line, so it carries no stack trace: it is data,
 * counted and reported, never a crash. Any thread.
 */
public final class MalformedLineException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedLineException(String reason) {
        super(reason, null, false, false);
    }
}
