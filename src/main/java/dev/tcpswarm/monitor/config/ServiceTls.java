package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.tls.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A service's {@code tls:} block (or the {@code tls://} quick form, with the defaults): the probe
 * does a TLS handshake after the connect, verified as curl would unless {@code verify: false}, and
 * the certificate's expiry is judged: within {@code expiryWarningNanos} the service is DEGRADED,
 * within {@code expiryCriticalNanos} DOWN. Immutable; read by the pipeline and the probe scheduler.
 *
 * @param serverName the name sent (SNI) and checked against the certificate; empty for the host
 * @param caFile PEM certificates to trust instead of the JDK's trust store
 * @param verify false trusts any certificate (the expiry is still judged)
 * @param expiryWarningNanos DEGRADED when the chain's earliest not-after is closer than this; 0 for never
 * @param expiryCriticalNanos DOWN when it is closer than this; 0 for never
 * @param alpn the application protocols offered by ALPN, in order; empty for none
 */
public record ServiceTls(Optional<String> serverName, Optional<Path> caFile, boolean verify, long expiryWarningNanos,
        long expiryCriticalNanos, List<String> alpn) {

    public ServiceTls {
        alpn = List.copyOf(alpn);
    }

    /** A block that offers no ALPN. */
    public ServiceTls(Optional<String> serverName, Optional<Path> caFile, boolean verify, long expiryWarningNanos,
            long expiryCriticalNanos) {
        this(serverName, caFile, verify, expiryWarningNanos, expiryCriticalNanos, List.of());
    }

    /** 14 days, as Uptime Kuma's first certificate reminder. */
    public static final long DEFAULT_WARNING_NANOS = 14L * 86_400 * 1_000_000_000L;
    /** 3 days: time enough to renew by hand. */
    public static final long DEFAULT_CRITICAL_NANOS = 3L * 86_400 * 1_000_000_000L;

    /** {@code tls://host:port}: verified against the JDK's trust store, with the default expiry limits. */
    public static final ServiceTls DEFAULTS =
            new ServiceTls(Optional.empty(), Optional.empty(), true, DEFAULT_WARNING_NANOS, DEFAULT_CRITICAL_NANOS);

    /** The engine's settings for a probe with this per-attempt timeout (the handshake's own budget). */
    public TlsSettings settings(long timeoutMillis) {
        TlsSettings s = TlsSettings.verified().withVerify(verify).withHandshakeTimeoutMillis(timeoutMillis);
        if (serverName.isPresent()) {
            s = s.withServerName(serverName.get());
        }
        if (!alpn.isEmpty()) {
            s = s.withAlpn(alpn);
        }
        return caFile.isPresent() ? s.withCaFile(caFile.get()) : s;
    }
}
