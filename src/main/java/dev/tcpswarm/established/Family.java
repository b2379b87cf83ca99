package dev.tcpswarm.established;

/**
 * The IP version of a connection, as users label it: an IPv4 client of a dual-stack listener
 * ({@code ::ffff:a.b.c.d} in tcp6) is {@code ipv4}. Immutable.
 */
public enum Family {
    IPV4("ipv4"), IPV6("ipv6");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    /** {@code ipv4} or {@code ipv6}: the metric label value, the table's and the JSON's text. */
    public String label() {
        return label;
    }

    static Family of(long hi, long lo) {
        return ProcNetTcp.isIpv4(hi, lo) ? IPV4 : IPV6;
    }
}
