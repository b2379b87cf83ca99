package dev.tcpswarm.store;

/**
 * A row waiting for the disk: what the pipeline heard, as the store keeps it. Made on the pipeline
 * thread, written by the store's writer thread; immutable.
 */
sealed interface StoreRow {
    /** When it happened, by the monitor's clock. */
    long t();

    /**
     * A probe: {@code outcome} as {@link Schema#outcomeCode}, {@code connectMicros} -1 when it did not
     * open, {@code tlsMicros} the TLS handshake's time apart from the connect, -1 when the probe did
     * not open or has no TLS, {@code responseMicros} -1 when no conversation answered.
     */
    record Probe(long t, String service, int outcome, long connectMicros, long tlsMicros, long responseMicros) implements StoreRow {
    }

    /** A state change of a service or group. */
    record Change(long t, String name, boolean group, String from, String to, String reason) implements StoreRow {
    }

    /** An alert decision. */
    record Alert(long t, String alert, String target, String event, String state, String message, long firingSince)
            implements StoreRow {
    }

    /**
     * An access log's interval of event time ({@code t} its start, {@code end} the ms after it):
     * hits by status class (index 0 for statuses outside 100-599), bytes, malformed and late lines.
     */
    record Traffic(long t, long end, String source, long hits, java.util.List<Long> classes, long bytes, long malformed,
            long late) implements StoreRow {
    }

    /** A notification's outcome. */
    record Notice(long t, String alert, String event, long eventT, String channel, boolean delivered, int attempts,
            String error) implements StoreRow {
    }
}
