package dev.tcpswarm.engine;

import dev.tcpswarm.engine.conversation.ConversationReading;
import dev.tcpswarm.engine.tls.TlsHandshakeReading;
import java.util.Optional;

/**
 * What the engine measured for one probe.
 *
 * @param outcome open, or why it failed (the last attempt's reason)
 * @param dnsNanos time spent looking the name up, -1 when the host was an address (no lookup)
 * @param connectNanos time from connect() to established of the open attempt, -1 when none opened
 * @param address the address connected to, {@code ip:port} or {@code [ip]:port} (for {@code both}:
 *     both, joined by {@code " and "}); empty when the lookup failed
 * @param attempts connect attempts made (0 when the lookup failed)
 * @param detail the system's message for a failure, empty when open
 * @param tls the TLS phase of the last attempt (its latency, protocol, cipher and certificate, or its
 *     reason), apart from the connect; empty when the probe does no TLS or never got past the connect
 * @param conversation the conversation of the last attempt (time to first byte, to each match, what
 *     the server said); empty when the probe holds none or never got to it
 */
public record ProbeReading(ProbeOutcome outcome, long dnsNanos, long connectNanos, String address, int attempts,
        String detail, Optional<TlsHandshakeReading> tls, Optional<ConversationReading> conversation) {

    /** A reading with no TLS phase. */
    public ProbeReading(ProbeOutcome outcome, long dnsNanos, long connectNanos, String address, int attempts,
            String detail) {
        this(outcome, dnsNanos, connectNanos, address, attempts, detail, Optional.empty(), Optional.empty());
    }

    /** A reading with no conversation. */
    public ProbeReading(ProbeOutcome outcome, long dnsNanos, long connectNanos, String address, int attempts,
            String detail, Optional<TlsHandshakeReading> tls) {
        this(outcome, dnsNanos, connectNanos, address, attempts, detail, tls, Optional.empty());
    }
}
