package dev.tcpswarm.stats;

import java.time.Duration;
import java.time.Instant;

/**
 * What one completed TLS handshake negotiated and the certificate the server showed, as a run
 * reports it (the first handshake of the run: every connection of a run goes to the same server).
 *
 * @param protocol the negotiated protocol, e.g. {@code TLSv1.3}
 * @param cipher the negotiated cipher suite, e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param subject the server (leaf) certificate's subject, RFC 2253
 * @param issuer its issuer
 * @param notAfter its not-after
 * @param earliestNotAfter the earliest not-after in the chain the server sent
 * @param alpn the protocol ALPN chose, empty when none
 * @param provider the TLS implementation that made it: {@code jdk} or {@code openssl} (BoringSSL);
 *     empty when not known (a result of an older tcpswarm, merged)
 */
public record TlsSession(String protocol, String cipher, String subject, String issuer, Instant notAfter,
        Instant earliestNotAfter, String alpn, String provider) {

    /** Whole days from {@code now} to the not-after (negative once expired), rounded down. */
    public long daysLeft(Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
    }
}
