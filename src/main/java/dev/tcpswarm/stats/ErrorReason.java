package dev.tcpswarm.stats;

import java.util.Arrays;
import java.util.List;

/**
 * Why a connection attempt failed. Each reason has a stable key used in metric names
 * ({@code errors_<key>}), the JSON result and the report.
 */
public enum ErrorReason {
    REFUSED("refused", "connection refused", false),
    TIMEOUT("timeout", "connect timeout", false),
    UNREACHABLE("unreachable", "network or host unreachable", false),
    RESET("reset", "reset by peer", false),
    PORTS_EXHAUSTED("ports_exhausted", "local ports exhausted", true),
    OPEN_FILES("open_files", "too many open files", true),
    /** A bind to a --source address failed with EADDRNOTAVAIL: the address is not (or no longer) on this host. */
    SOURCE_NOT_LOCAL("source_not_local", "source address not on this host", true),
    DEADLINE("deadline", "cancelled at the run deadline", false),
    OTHER("other", "other", false),
    // The TLS phase's reasons, after the TCP connect succeeded (see docs/json-result.md). Listed
    // in the results only when the run used TLS, so a plain run's files stay as they were.
    TLS_EXPIRED("tls_expired", "tls: certificate expired", false),
    TLS_NOT_YET_VALID("tls_not_yet_valid", "tls: certificate not yet valid", false),
    TLS_UNKNOWN_AUTHORITY("tls_unknown_authority", "tls: unknown certificate authority", false),
    TLS_HOSTNAME_MISMATCH("tls_hostname_mismatch", "tls: hostname mismatch", false),
    TLS_TIMEOUT("tls_timeout", "tls: handshake timeout", false),
    TLS_REFUSED("tls_refused", "tls: protocol or cipher refused", false),
    TLS_CLIENT_CERT("tls_client_cert", "tls: client certificate refused", false),
    TLS_NOT_TLS("tls_not_tls", "tls: the server does not speak TLS", false),
    TLS_CLOSED("tls_closed", "tls: closed during the handshake", false),
    TLS_OTHER("tls_other", "tls: TLS failure", false),
    // The conversation's reasons (send and expect steps after the connect and TLS; see
    // docs/monitor.md). Listed in the results only when the run held a conversation.
    NO_ANSWER("no_answer", "no answer", false),
    UNEXPECTED_ANSWER("unexpected_answer", "unexpected answer", false),
    CLOSED_BEFORE_ANSWER("closed_before_answer", "closed by the server before the expected answer", false),
    STARTTLS_REFUSED("starttls_refused", "STARTTLS refused", false);

    private final String key;
    private final String description;
    private final boolean local;

    ErrorReason(String key, String description, boolean local) {
        this.key = key;
        this.description = description;
        this.local = local;
    }

    /** Short machine key, e.g. {@code ports_exhausted}. */
    public String key() {
        return key;
    }

    /** Human wording for the report, e.g. {@code local ports exhausted}. */
    public String description() {
        return description;
    }

    /** True for a failure of the TLS phase (the TCP connect had succeeded). */
    public boolean isTls() {
        return key.startsWith("tls_");
    }

    /** True for a failure of a conversation's step (the connect, and TLS if any, had succeeded). */
    public boolean isConversation() {
        return this == NO_ANSWER || this == UNEXPECTED_ANSWER || this == CLOSED_BEFORE_ANSWER || this == STARTTLS_REFUSED;
    }

    /** The reason whose key is {@code key}, or null. */
    public static ErrorReason ofKey(String key) {
        for (ErrorReason r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        return null;
    }

    /** The reasons a run reports: the TCP ones, and the TLS ones too when it used TLS. */
    public static List<ErrorReason> reported(boolean tls) {
        return reported(tls, false);
    }

    /** The reasons a run reports: the TCP ones, the TLS ones when it used TLS, the conversation's when it held one. */
    public static List<ErrorReason> reported(boolean tls, boolean conversation) {
        return Arrays.stream(values()).filter(r -> (tls || !r.isTls()) && (conversation || !r.isConversation()))
                .toList();
    }

    /** True when the failure is a limit on this machine, not the server's doing. */
    public boolean isLocal() {
        return local;
    }

    /** A one-line fix for the local limits, empty for the others. */
    public String hint() {
        switch (this) {
            case PORTS_EXHAUSTED:
                return "spread connections over more source addresses (--source 127.0.0.1-127.0.0.4) "
                        + "or widen net.ipv4.ip_local_port_range";
            case OPEN_FILES:
                return "raise the open-files limit (ulimit -n) or open fewer connections per process";
            case SOURCE_NOT_LOCAL:
                return "give --source addresses this host has (ip -brief address)";
            default:
                return "";
        }
    }
}
