package dev.tcpswarm.server;

import java.util.Locale;

/**
 * What the built-in server does with each connection. Each mode produces one outcome the dialer
 * must recognise, so a run against the built-in server can show every connection state on demand.
 */
public enum ServerMode {
    /** Accept and keep every connection open until the peer closes it; input is read and discarded. */
    HOLD,
    /** Accept, then close at once with an orderly FIN: the client sees end of stream. */
    CLOSE,
    /** Accept, then abort with SO_LINGER 0: the client sees "connection reset". */
    RESET,
    /** Send back whatever arrives. */
    ECHO,
    /**
     * Listen with a backlog of 1 and never accept: once the accept queue is full the kernel drops
     * further SYNs, and clients time out.
     */
    STALL;

    /** The name as the command line spells it, e.g. {@code hold}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text}, in any letter case. */
    public static ServerMode parse(String text) {
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        for (ServerMode mode : values()) {
            if (mode.name().equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected hold, close, reset, echo or stall)");
    }
}
