package dev.tcpswarm.engine;

import dev.tcpswarm.stats.ErrorReason;

/**
 * How one monitor probe ended: open, or the reason it failed. The failure reasons are the run's
 * ({@link ErrorReason}, from the same {@link FailureClassifier}), folded into the few a monitor
 * reports, plus a failed name lookup. Each has a stable key for metric labels and files.
 */
public enum ProbeOutcome {
    OPEN("open", "open", "opens"),
    TIMEOUT("timeout", "timeout", "timeouts"),
    REFUSED("refused", "connection refused", "connections refused"),
    RESET("reset", "reset by peer", "resets"),
    UNREACHABLE("unreachable", "network or host unreachable", "unreachable errors"),
    DNS("dns", "DNS failure", "DNS failures"),
    OTHER("other", "failure", "failures"),
    // The TLS phase's reasons (the TCP connect succeeded): the run's keys, tls: in front of their words.
    TLS_EXPIRED(ErrorReason.TLS_EXPIRED),
    TLS_NOT_YET_VALID(ErrorReason.TLS_NOT_YET_VALID),
    TLS_UNKNOWN_AUTHORITY(ErrorReason.TLS_UNKNOWN_AUTHORITY),
    TLS_HOSTNAME_MISMATCH(ErrorReason.TLS_HOSTNAME_MISMATCH),
    TLS_TIMEOUT(ErrorReason.TLS_TIMEOUT),
    TLS_REFUSED(ErrorReason.TLS_REFUSED),
    TLS_CLIENT_CERT(ErrorReason.TLS_CLIENT_CERT),
    TLS_NOT_TLS(ErrorReason.TLS_NOT_TLS),
    TLS_CLOSED(ErrorReason.TLS_CLOSED),
    TLS_OTHER(ErrorReason.TLS_OTHER),
    // The conversation's reasons (the connect, and TLS if any, succeeded): the run's keys and words.
    NO_ANSWER("no_answer", "no answer", "probes without an answer"),
    UNEXPECTED_ANSWER("unexpected_answer", "unexpected answer", "unexpected answers"),
    CLOSED_BEFORE_ANSWER("closed_before_answer", "closed by the server before the expected answer",
            "closes before the expected answer"),
    STARTTLS_REFUSED("starttls_refused", "STARTTLS refused", "STARTTLS refusals");

    private final String key;
    private final String description;
    private final String plural;

    ProbeOutcome(String key, String description, String plural) {
        this.key = key;
        this.description = description;
        this.plural = plural;
    }

    /** A TLS reason: {@code tls_expired}, {@code tls: certificate expired}, {@code TLS failures (certificate expired)}. */
    ProbeOutcome(ErrorReason tls) {
        this(tls.key(), tls.description(), "TLS failures (" + tls.description().substring("tls: ".length()) + ")");
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
            default -> reason.isTls() || reason.isConversation() ? valueOf(reason.name()) : OTHER;
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

    /** True for a failure of the TLS phase. */
    public boolean isTls() {
        return key.startsWith("tls_");
    }

    /** True for a failure of a conversation's step. */
    public boolean isConversation() {
        return this == NO_ANSWER || this == UNEXPECTED_ANSWER || this == CLOSED_BEFORE_ANSWER || this == STARTTLS_REFUSED;
    }

    public boolean isOpen() {
        return this == OPEN;
    }
}
