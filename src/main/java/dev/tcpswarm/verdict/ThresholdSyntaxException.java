package dev.tcpswarm.verdict;

/**
 * A threshold expression that does not parse. Unchecked, like any bad argument; its message is one
 * line that names the bad part, fit to show the user as is.
 */
public final class ThresholdSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ThresholdSyntaxException(String message) {
        super(message);
    }
}
