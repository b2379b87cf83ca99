package dev.tcpswarm.established;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scan found: a row per local port and family with inbound established connections
 * (sorted by port, then family), and how the scan went. Immutable, so the exporter publishes it
 * to the HTTP threads whole and a scrape never sees half of one scan and half of the next.
 *
 * @param scanDurationNanos how long reading and counting took
 * @param trackingNanos how long tracking has run (since the first scan); connections open before
 *     it are counted from its start, so long-lived counts are complete only once this reaches
 *     {@code minAgeNanos}
 * @param minAgeNanos the age from which a connection counts as long-lived
 * @param trackedConnections connections tracked after this scan (all inbound ones that passed the
 *     filters)
 */
public record EstablishedSnapshot(List<PortCount> rows, long scanDurationNanos, long trackingNanos, long minAgeNanos,
        int trackedConnections) {
    public EstablishedSnapshot {
        rows = List.copyOf(rows);
    }

    public long totalEstablished() {
        return rows.stream().mapToLong(PortCount::established).sum();
    }

    public long totalLongLived() {
        return rows.stream().mapToLong(PortCount::longLived).sum();
    }

    /** Per port, both families together: the age of the oldest connection. */
    public Map<Integer, Long> oldestAgeNanosByPort() {
        Map<Integer, Long> oldest = new TreeMap<>();
        for (PortCount row : rows) {
            oldest.merge(row.port(), row.oldestAgeNanos(), Math::max);
        }
        return oldest;
    }

    /** True once tracking has run for the minimum age, so that long-lived counts are complete. */
    public boolean longLivedComplete() {
        return trackingNanos >= minAgeNanos;
    }
}
