package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;

/**
 * How one monitor probe ended: open, or the reason it failed. The failure reasons are the run's
 * ({@link ErrorReason}, from the same {@link FailureClassifier}), folded into the few a monitor
 * reports, plus a failed name lookup and a failed TLS handshake. Each has a stable key for metric labels and files.
 */
public enum ProbeOutcome {
    OPEN("open", "open", "opens"),
    TIMEOUT("timeout", "timeout", "timeouts"),
    REFUSED("refused", "connection refused", "connections refused"),
    RESET("reset", "reset by peer", "resets"),
    UNREACHABLE("unreachable", "network or host unreachable", "unreachable errors"),
    DNS("dns", "DNS failure", "DNS failures"),
    /** Connected, then the TLS handshake failed: its reason is the probe's {@code TlsHandshakeReading}. */
    TLS("tls", "TLS failure", "TLS failures"),
    OTHER("other", "failure", "failures");

    private final String key;
    private final String description;
    private final String plural;

    ProbeOutcome(String key, String description, String plural) {
        this.key = key;
        this.description = description;
        this.plural = plural;
    }

    /** For messages about one probe, e.g. {@code connection refused}. */
    public String description() {
        return description;
    }

    /** The run's reason as a probe outcome; the local limits and the deadline are {@link #OTHER}. */
    public static ProbeOutcome of(ErrorReason reason) {
        return switch (reason) {
            case REFUSED -> REFUSED;
            case TIMEOUT -> TIMEOUT;
            case UNREACHABLE -> UNREACHABLE;
            case RESET -> RESET;
            default -> OTHER;
        };
    }

    /** Short machine key, e.g. {@code refused}: the {@code result} label, the JSON value. */
    public String key() {
        return key;
    }

    /** For messages such as {@code 3 consecutive timeouts}. */
    public String plural() {
        return plural;
    }

    public boolean isOpen() {
        return this == OPEN;
    }
}
