package dev.tcpswarm.plan;

/** How tcpswarm closes its own connections at the end of a run. */
public enum CloseMode {
    /** Orderly close: the client's side goes through TIME_WAIT. */
    FIN,
    /** Abortive close (SO_LINGER 0): a reset, and no TIME_WAIT left to starve the next run of ports. */
    RST
}
