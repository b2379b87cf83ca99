package dev.tcpswarm.engine.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslClosedEngineException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.util.Locale;

/**
 * Turns a failed TLS handshake, as Netty's {@code SslHandler} reports it (its handshake future's
 * cause, or the exception the pipeline sees), into a {@link TlsReason}. Both providers are read the
 * same way: the certificate checks run in the JDK's trust manager on either (BoringSSL hands the
 * chain to it), so the cause chain carries the same exception types; alerts and closes differ in
 * wording only, and are matched by message (the JDK: {@code Received fatal alert: protocol_version};
 * BoringSSL: {@code TLSV1_ALERT_PROTOCOL_VERSION}).
 */
public final class TlsFailureClassifier {
    private TlsFailureClassifier() {
    }

    public static TlsReason classify(Throwable failure) {
        TlsReason byType = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            TlsReason r = byType(t);
            if (r != null && (byType == null || byType == TlsReason.UNKNOWN_AUTHORITY)) {
                byType = r; // a deeper, more exact cause (an expired CA under "path validation failed") wins
            }
        }
        if (byType != null) {
            return byType;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            TlsReason r = byMessage(t.getMessage());
            if (r != null) {
                return r;
            }
        }
        return TlsReason.OTHER;
    }

    /** The failure's own words, one line, for {@code --debug} and the monitor's detail column. */
    public static String detail(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                deepest = t;
            }
        }
        String m = deepest.getMessage();
        return m == null ? deepest.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    private static TlsReason byType(Throwable t) {
        if (t instanceof SslHandshakeTimeoutException) {
            return TlsReason.HANDSHAKE_TIMEOUT;
        }
        if (t instanceof CertificateExpiredException) {
            return TlsReason.EXPIRED;
        }
        if (t instanceof CertificateNotYetValidException) {
            return TlsReason.NOT_YET_VALID;
        }
        if (t instanceof CertPathValidatorException v) {
            if (v.getReason() == BasicReason.EXPIRED) {
                return TlsReason.EXPIRED;
            }
            if (v.getReason() == BasicReason.NOT_YET_VALID) {
                return TlsReason.NOT_YET_VALID;
            }
            if (v.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                return TlsReason.UNKNOWN_AUTHORITY;
            }
            return null;
        }
        if (t instanceof CertPathBuilderException) { // the JDK's "unable to find valid certification path"
            return TlsReason.UNKNOWN_AUTHORITY;
        }
        if (t instanceof NotSslRecordException) {
            return TlsReason.NOT_TLS;
        }
        if (t instanceof SslClosedEngineException || t instanceof ClosedChannelException) {
            return TlsReason.CLOSED;
        }
        return null;
    }

    private static TlsReason byMessage(String message) {
        if (message == null) {
            return null;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("no subject alternative") || m.contains("no name matching")) {
            return TlsReason.HOSTNAME_MISMATCH; // sun.security.util.HostnameChecker, on both providers
        }
        if (m.contains("certificate_expired") || m.contains("certificate_required") || m.contains("bad_certificate")
                || m.contains("certificate_unknown") || m.contains("unknown_ca") || m.contains("access_denied")
                || m.contains("peer_did_not_return_a_certificate") || m.contains("certificate_revoked")) {
            return TlsReason.CLIENT_CERTIFICATE; // the server's alert about our certificate (or its absence)
        }
        if (m.contains("protocol_version") || m.contains("handshake_failure") || m.contains("no appropriate protocol")
                || m.contains("insufficient_security") || m.contains("no_shared_cipher")
                || m.contains("no_cipher") || m.contains("unsupported_protocol") || m.contains("no_application_protocol")
                || m.contains("is not accepted by client preferences") || m.contains("no cipher suites in common")
                || m.contains("wrong_cipher_returned") || m.contains("unsupported_elliptic_curve")
                || m.contains("illegal_parameter")) {
            return TlsReason.REFUSED;
        }
        if (m.contains("unrecognized ssl message") || m.contains("not an ssl/tls record")
                || m.contains("wrong_version_number") || m.contains("plaintext connection")) {
            return TlsReason.NOT_TLS;
        }
        if (m.contains("closed while ssl/tls handshake") || m.contains("remote host terminated the handshake")
                || m.contains("connection reset") || m.contains("broken pipe") || m.contains("unexpected_eof")
                || m.contains("ssl_error_syscall") || m.contains("closed engine") || m.contains("sslengine closed")
                || m.contains("connection closed")) {
            return TlsReason.CLOSED;
        }
        return null;
    }
}
