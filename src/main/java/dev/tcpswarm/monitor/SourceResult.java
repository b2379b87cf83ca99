package dev.tcpswarm.monitor;

/**
 * What a {@link Source} hands the pipeline: a probe's result, or an access log's window figures and
 * closed intervals. Immutable; made on the source's thread, taken by the pipeline thread.
 */
public sealed interface SourceResult permits ProbeResult, TrafficWindow, TrafficInterval {
    /** The service or access log it is about. */
    String target();
}
