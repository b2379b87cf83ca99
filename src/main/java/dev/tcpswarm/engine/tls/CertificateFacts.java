package dev.tcpswarm.engine.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * What a report or a monitor says about the certificate a server showed: the leaf's subject,
 * issuer and not-after, and the earliest not-after of every certificate the server sent (its
 * chain as sent, not as verified: blackbox_exporter's {@code probe_ssl_earliest_cert_expiry}
 * convention, so an intermediate about to expire is seen before the leaf). A plain value, made on
 * the event loop that finished the handshake and read on any thread.
 *
 * @param subject the leaf's subject, RFC 2253 ({@code CN=api.internal,O=Example})
 * @param issuer the leaf's issuer, RFC 2253
 * @param notBefore the leaf's not-before
 * @param notAfter the leaf's not-after
 * @param earliestNotAfter the earliest not-after in the chain the server sent
 * @param chainLength how many certificates the server sent
 */
public record CertificateFacts(String subject, String issuer, Instant notBefore, Instant notAfter,
        Instant earliestNotAfter, int chainLength) {

    /** The facts of the session's peer chain; empty when the server sent no X.509 certificate. */
    public static Optional<CertificateFacts> of(SSLSession session) {
        try {
            return of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The facts of a chain as sent, leaf first; empty when it holds no X.509 certificate. */
    public static Optional<CertificateFacts> of(Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        Instant earliest = leaf.getNotAfter().toInstant();
        for (Certificate c : chain) {
            if (c instanceof X509Certificate x && x.getNotAfter().toInstant().isBefore(earliest)) {
                earliest = x.getNotAfter().toInstant();
            }
        }
        return Optional.of(new CertificateFacts(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253),
                leaf.getIssuerX500Principal().getName(X500Principal.RFC2253), leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(), earliest, chain.length));
    }

    /**
     * Whole days from {@code now} to the leaf's not-after, rounded to the nearest (a certificate made
     * with {@code -days 5} and looked at a minute later has 5 days left); negative once it expired.
     */
    public long daysLeft(Instant now) {
        return daysUntil(notAfter, now);
    }

    /** As {@link #daysLeft}, for the earliest not-after in the chain (what expiry warnings judge). */
    public long earliestDaysLeft(Instant now) {
        return daysUntil(earliestNotAfter, now);
    }

    private static long daysUntil(Instant end, Instant now) {
        return Math.round(Duration.between(now, end).getSeconds() / 86_400.0);
    }
}
