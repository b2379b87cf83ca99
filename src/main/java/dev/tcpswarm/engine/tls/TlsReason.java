package dev.tcpswarm.engine.tls;

/**
 * Why a TLS handshake failed after the TCP connect succeeded. Each reason has a stable key, used as
 * {@code errors_<key>} in thresholds and the JSON, as a metric's {@code result} label and in files,
 * and a description for reports and the monitor's lines ({@code tls: certificate expired}).
 */
public enum TlsReason {
    EXPIRED("tls_expired", "certificate expired"),
    NOT_YET_VALID("tls_not_yet_valid", "certificate not yet valid"),
    UNKNOWN_AUTHORITY("tls_unknown_authority", "unknown certificate authority"),
    HOSTNAME_MISMATCH("tls_hostname_mismatch", "hostname mismatch"),
    HANDSHAKE_TIMEOUT("tls_timeout", "handshake timeout"),
    REFUSED("tls_refused", "protocol or cipher refused"),
    CLIENT_CERTIFICATE("tls_client_cert", "client certificate refused"),
    NOT_TLS("tls_not_tls", "the server does not speak TLS"),
    CLOSED("tls_closed", "closed during the handshake"),
    OTHER("tls_other", "TLS failure");

    private final String key;
    private final String description;

    TlsReason(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** Short machine key, e.g. {@code tls_expired}. */
    public String key() {
        return key;
    }

    /** Human wording, e.g. {@code certificate expired}. */
    public String description() {
        return description;
    }

    /** The reason for a key, as {@link #key()} gives it; null for none. */
    public static TlsReason ofKey(String key) {
        for (TlsReason r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        return null;
    }
}
