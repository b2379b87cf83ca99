package dev.tcpswarm.established;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a scan counts: inbound established connections to the listed local ports (all listening
 * ports when none are listed), IPv6 ones or not, never those to {@code excludedPort} (the
 * exporter's own, so that scrapes are not counted), and from which age one is long-lived.
 * Immutable.
 *
 * @param ports local ports to count, each 1-65535; empty for every listening port
 * @param includeIpv6 false: count IPv4 only (IPv4 clients of a dual-stack listener still count, as IPv4)
 * @param excludedPort a port never counted, or -1 for none
 */
public record ScanSettings(Set<Integer> ports, boolean includeIpv6, int excludedPort, long minAgeNanos) {
    public ScanSettings {
        ports = Set.copyOf(new TreeSet<>(ports));
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is not between 1 and 65535");
            }
        }
        if (minAgeNanos < 0) {
            throw new IllegalArgumentException("the minimum age cannot be negative");
        }
    }
}
