package dev.tcpswarm.engine.tls;

import java.util.Optional;

/**
 * What the engine measured of one connection's TLS phase, for a monitor probe's reading: how long
 * the handshake took and what it negotiated, or why it failed. A plain value, made on the event
 * loop that ran the handshake and read by the monitor's pipeline.
 *
 * @param nanos from the handshake's start (the connect's end) to its end, success or failure; -1
 *     when it never started (the connect failed)
 * @param failure why it failed, empty when it completed
 * @param detail the failure's own words ({@link TlsFailureClassifier#detail}), empty when it completed
 * @param protocol the negotiated protocol ({@code TLSv1.3}), empty when it failed
 * @param cipher the negotiated cipher suite, empty when it failed
 * @param alpn the application protocol ALPN chose ({@code h2}), empty when none was offered or chosen
 * @param certificate the server's certificate, when it completed and one was sent
 */
public record TlsHandshakeReading(long nanos, Optional<TlsReason> failure, String detail, String protocol,
        String cipher, String alpn, Optional<CertificateFacts> certificate) {

    /** A completed handshake. */
    public static TlsHandshakeReading completed(long nanos, String protocol, String cipher, String alpn,
            Optional<CertificateFacts> certificate) {
        return new TlsHandshakeReading(nanos, Optional.empty(), "", protocol, cipher, alpn == null ? "" : alpn,
                certificate);
    }

    /** A failed handshake, its reason and detail taken from the failure as SslHandler reported it. */
    public static TlsHandshakeReading failed(long nanos, Throwable cause) {
        return new TlsHandshakeReading(nanos, Optional.of(TlsFailureClassifier.classify(cause)),
                TlsFailureClassifier.detail(cause), "", "", "", Optional.empty());
    }

    public boolean completed() {
        return failure.isEmpty();
    }
}
