package dev.tcpswarm.stats;

/** The life of one connection slot, as tcpgoon's users know it. */
public enum ConnectionState {
    NOT_INITIATED,
    DIALING,
    ESTABLISHED,
    /** Established, then closed or reset by the peer. */
    CLOSED,
    /** The connect attempt failed; see {@link ErrorReason}. */
    ERROR
}
