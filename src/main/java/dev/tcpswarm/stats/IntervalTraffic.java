package dev.tcpswarm.stats;

/**
 * The traffic on held connections during one progress interval ({@code --send}, {@code --message},
 * {@code --expect}): messages written, answers matched, answers that did not come within the
 * response timeout, and bytes each way, each counted when it happened. The per-interval part of
 * {@link MessageTotals}: a run's intervals add up to its totals. Made by the tracker on the progress
 * ticker's thread (or read back from an HDR interval log by merge); a value, any thread. Where an
 * interval's traffic is not counted (a run that sends nothing, or an interval log of an older
 * version, which did not write it), the interval has none: null, not zero.
 */
public record IntervalTraffic(long messagesSent, long responses, long responseTimeouts, long bytesSent,
        long bytesReceived) {
    /** An interval of a run that sends, in which nothing was sent or received. */
    public static final IntervalTraffic NONE = new IntervalTraffic(0, 0, 0, 0, 0);

    /** Both as one (the same interval of two shards). */
    public IntervalTraffic plus(IntervalTraffic other) {
        return new IntervalTraffic(messagesSent + other.messagesSent, responses + other.responses,
                responseTimeouts + other.responseTimeouts, bytesSent + other.bytesSent,
                bytesReceived + other.bytesReceived);
    }

    /** The counters of {@code t} since {@code earlier}'s, taken from the same run's tally. */
    static IntervalTraffic between(Tally earlier, Tally t) {
        return new IntervalTraffic(delta(earlier, t, Tally.MESSAGES_SENT), delta(earlier, t, Tally.RESPONSES),
                delta(earlier, t, Tally.RESPONSE_TIMEOUTS), delta(earlier, t, Tally.BYTES_SENT),
                delta(earlier, t, Tally.BYTES_RECEIVED));
    }

    private static long delta(Tally earlier, Tally t, int counter) {
        return t.v[counter] - earlier.v[counter];
    }
}
