package dev.tcpswarm.stats;

import org.HdrHistogram.Histogram;

/**
 * A run's TLS figures at one moment: handshakes completed and failed (each failure also an error
 * under its TLS reason), their latency apart from the TCP connect's, and what the first completed
 * handshake negotiated. {@link #NONE} for a run without TLS.
 *
 * @param used whether the run did TLS at all
 * @param completed handshakes completed
 * @param failed handshakes failed after the TCP connect had succeeded (timeouts included)
 * @param handshakeLatency from the start of the handshake (just after the TCP connect) to its end, in
 *     microseconds, of the completed ones
 * @param session the first completed handshake's session, null when none completed
 */
public record TlsTotals(boolean used, long completed, long failed, Histogram handshakeLatency, TlsSession session) {

    /** A run without TLS. */
    public static final TlsTotals NONE = new TlsTotals(false, 0, 0, ConnectionTracker.newHistogram(), null);

    /** Both as one (shards, ramp batches): counts and histograms add up; the first session known is kept. */
    public TlsTotals plus(TlsTotals other) {
        return new TlsTotals(used || other.used, completed + other.completed, failed + other.failed,
                TrackerTotals.sum(handshakeLatency, other.handshakeLatency), session != null ? session : other.session);
    }
}
