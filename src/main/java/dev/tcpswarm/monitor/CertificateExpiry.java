package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.monitor.config.ServiceTls;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Judges a certificate's end against a service's {@code expiry_warning} and {@code expiry_critical}:
 * the chain's earliest not-after (what blackbox_exporter's {@code probe_ssl_earliest_cert_expiry}
 * watches) closer than the critical limit is DOWN, closer than the warning DEGRADED. Pure; the time
 * is the probe's own, so a table of probes judges the same every time.
 */
public final class CertificateExpiry {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private CertificateExpiry() {
    }

    /** DOWN, DEGRADED, or null when the certificate is not within the limits (or there is none). */
    public static ServiceState judge(ServiceTls tls, CertificateFacts certificate, long epochMillis) {
        if (tls == null || certificate == null) {
            return null;
        }
        long leftNanos = (certificate.earliestNotAfter().toEpochMilli() - epochMillis) * 1_000_000L;
        if (tls.expiryCriticalNanos() > 0 && leftNanos < tls.expiryCriticalNanos()) {
            return ServiceState.DOWN;
        }
        if (tls.expiryWarningNanos() > 0 && leftNanos < tls.expiryWarningNanos()) {
            return ServiceState.DEGRADED;
        }
        return null;
    }

    /**
     * {@code certificate expires in 5 days (2026-12-11)}, {@code ... in 1 day ...}, {@code ... today
     * (...)}, or {@code certificate expired 2 days ago (...)}: days rounded to the nearest, the date UTC.
     */
    public static String reason(CertificateFacts certificate, long epochMillis) {
        Instant now = Instant.ofEpochMilli(epochMillis);
        long days = certificate.earliestDaysLeft(now);
        String date = DAY.format(certificate.earliestNotAfter());
        boolean expired = !certificate.earliestNotAfter().isAfter(now);
        if (expired) {
            long ago = Math.max(0, -days);
            return "certificate expired " + (ago == 0 ? "today" : ago + (ago == 1 ? " day" : " days") + " ago")
                    + " (" + date + ")";
        }
        return "certificate expires " + (days == 0 ? "today" : "in " + days + (days == 1 ? " day" : " days"))
                + " (" + date + ")";
    }
}
