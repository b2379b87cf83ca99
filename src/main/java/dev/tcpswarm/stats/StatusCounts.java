package dev.tcpswarm.stats;

/**
 * One consistent view of how many connection slots are in each state. The five counts always add
 * up to {@code total}.
 */
public record StatusCounts(long total, long dialing, long established, long closed, long error, long notInitiated) {

    /** Connections that are resolved: established (now or before), or failed. */
    public long resolved() {
        return established + closed + error;
    }

    /** These counts and {@code other}'s as one (slots of two trackers, or of two shards): each state adds up. */
    public StatusCounts plus(StatusCounts other) {
        return new StatusCounts(total + other.total, dialing + other.dialing, established + other.established,
                closed + other.closed, error + other.error, notInitiated + other.notInitiated);
    }

    /** tcpgoon's progress line, to the letter. */
    public String progressLine() {
        return "Total: " + total + ", Dialing: " + dialing + ", Established: " + established + ", Closed: " + closed
                + ", Error: " + error + ", NotInitiated: " + notInitiated;
    }

    @Override
    public String toString() {
        return progressLine();
    }
}
