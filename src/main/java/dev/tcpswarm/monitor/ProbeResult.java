package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.engine.ProbeReading;
import dev.tcpswarm.engine.conversation.ConversationReading;
import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.engine.tls.TlsHandshakeReading;

/**
 * One probe of one service, as every sink sees it: when it was planned and when it started, how it
 * ended and how long each part took. Immutable; made on an event loop and handed to the pipeline.
 *
 * @param service the service's name
 * @param plannedNanos when the schedule wanted it to start (monotonic)
 * @param startNanos when it started (monotonic)
 * @param epochMillis when it started, wall clock
 * @param outcome open, or why not
 * @param connectNanos time to established, -1 when it did not open
 * @param dnsNanos time of the name lookup, -1 when the address needed none
 * @param address the address probed, empty when the lookup failed
 * @param attempts connect attempts made
 * @param detail the system's message for a failure, empty when open
 * @param tls the TLS phase after the connect, null when the service has none or the connect failed
 * @param conversation the conversation's figures and what the server said, null when the service
 *     holds none or the probe never got to it
 * @param maintenance the maintenance window the service was in, null for none: such a probe counts
 *     in no table, history or uptime (set by the pipeline, {@link #inMaintenance})
 */
public record ProbeResult(String service, long plannedNanos, long startNanos, long epochMillis, ProbeOutcome outcome,
        long connectNanos, long dnsNanos, String address, int attempts, String detail, TlsHandshakeReading tls,
        ConversationReading conversation, String maintenance) implements SourceResult {

    @Override
    public String target() {
        return service;
    }

    /** A probe outside maintenance. */
    public ProbeResult(String service, long plannedNanos, long startNanos, long epochMillis, ProbeOutcome outcome,
            long connectNanos, long dnsNanos, String address, int attempts, String detail, TlsHandshakeReading tls) {
        this(service, plannedNanos, startNanos, epochMillis, outcome, connectNanos, dnsNanos, address, attempts, detail,
                tls, null, null);
    }

    /** The same probe, taken during the maintenance window {@code window}. */
    public ProbeResult inMaintenance(String window) {
        return new ProbeResult(service, plannedNanos, startNanos, epochMillis, outcome, connectNanos, dnsNanos, address,
                attempts, detail, tls, conversation, window);
    }

    /** A probe without TLS. */
    public ProbeResult(String service, long plannedNanos, long startNanos, long epochMillis, ProbeOutcome outcome,
            long connectNanos, long dnsNanos, String address, int attempts, String detail) {
        this(service, plannedNanos, startNanos, epochMillis, outcome, connectNanos, dnsNanos, address, attempts, detail,
                null);
    }

    /** The engine's reading, placed in time. */
    public static ProbeResult of(String service, long plannedNanos, long startNanos, long epochMillis, ProbeReading r) {
        return new ProbeResult(service, plannedNanos, startNanos, epochMillis, r.outcome(), r.connectNanos(), r.dnsNanos(),
                r.address(), r.attempts(), r.detail(), r.tls().orElse(null), r.conversation().orElse(null), null);
    }

    /**
     * How long the server took to answer: the conversation's expects, each from its step's start
     * (after its send), summed; -1 when no expect matched (no conversation, or its first failed).
     */
    public long responseNanos() {
        if (conversation == null || conversation.matchNanos().isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (long n : conversation.matchNanos()) {
            sum += n;
        }
        return sum;
    }

    /** The first line of what the server said (escaped), or null: no conversation, or nothing read. */
    public String answer() {
        return conversation == null || conversation.answer().isEmpty() ? null : conversation.answer();
    }

    public boolean open() {
        return outcome.isOpen();
    }

    /** The handshake's time, -1 when there was no completed handshake. */
    public long tlsNanos() {
        return tls != null && tls.completed() ? tls.nanos() : -1;
    }

    /** The application protocol ALPN chose in a completed handshake, or null (none offered, chosen or completed). */
    public String alpn() {
        return tls == null || !tls.completed() || tls.alpn().isEmpty() ? null : tls.alpn();
    }

    /** The certificate the server showed, or null. */
    public CertificateFacts certificate() {
        return tls == null ? null : tls.certificate().orElse(null);
    }

    /** How late it started against its plan. */
    public long startLagNanos() {
        return Math.max(0, startNanos - plannedNanos);
    }
}
