package dev.tcpswarm.engine.conversation;

/**
 * The words for a failed conversation step, as a phase's failure cause: its message is the reason
 * as a user reads it ({@code expected /^\+PONG/ but got "-ERR ..."}), and {@link #got()} the first
 * line the server had sent for the step, escaped (empty for none). No stack trace: it is an
 * outcome, not a bug. Made on a connection's loop, read anywhere.
 */
public final class ConversationFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String got;

    ConversationFailure(String message, String got) {
        super(message, null, false, false);
        this.got = got;
    }

    /** The first line the server had sent for the step, escaped; empty for none. */
    public String got() {
        return got;
    }
}
