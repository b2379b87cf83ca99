package dev.tcpswarm.stats;

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
    OTHER("other", "other", false);

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
