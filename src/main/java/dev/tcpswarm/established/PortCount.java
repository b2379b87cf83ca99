package dev.tcpswarm.established;

/**
 * One row of a scan: the inbound connections established to one local port in one family, how
 * many of them are long-lived (tracked for at least the minimum age), and the age of the oldest.
 * Immutable.
 *
 * @param oldestAgeNanos time since the oldest of them was first seen (a lower bound for those
 *     already open when tracking started)
 */
public record PortCount(int port, Family family, int established, int longLived, long oldestAgeNanos) {
}
