package dev.tcpswarm.stats;

import org.HdrHistogram.Histogram;

/**
 * A run's traffic on its held connections at one moment ({@code --send}, {@code --message},
 * {@code --expect}): messages written, answers matched, answers that did not come within the
 * response timeout (and of those, the ones that came later), bytes each way, and the response
 * latency from each message's planned send. {@link #NONE} for a run that sends nothing.
 *
 * @param used whether the run sent anything at all
 * @param expecting whether the run matched answers ({@code --expect}): responses mean something
 * @param sent messages written into the kernel (the first {@code --send} included)
 * @param responses answers matched, the late ones included
 * @param timeouts messages whose answer was not there within the response timeout
 * @param late of the timed-out messages, those whose answer came afterwards
 * @param bytesSent bytes written into the kernel
 * @param bytesReceived bytes read from the server
 * @param spanNanos from the first message into the kernel to the last (0 for one or none)
 * @param responseLatency from a message's planned send to its answer's match, in microseconds
 */
public record MessageTotals(boolean used, boolean expecting, long sent, long responses, long timeouts, long late,
        long bytesSent, long bytesReceived, long spanNanos, Histogram responseLatency) {

    /** A run that sends nothing. */
    public static final MessageTotals NONE = new MessageTotals(false, false, 0, 0, 0, 0, 0, 0, 0,
            ConnectionTracker.newHistogram());

    /** Messages per second over the span they were sent in; 0 with fewer than two. */
    public double messagesPerSecond() {
        return perSecond(sent);
    }

    /** Bytes sent per second over the same span. */
    public double bytesSentPerSecond() {
        return perSecond(bytesSent);
    }

    /** Bytes received per second over the same span. */
    public double bytesReceivedPerSecond() {
        return perSecond(bytesReceived);
    }

    private double perSecond(long n) {
        return spanNanos <= 0 ? 0 : n * 1e9 / spanNanos;
    }

    /** Messages without an answer (yet): timed out and never answered, or still awaited at the end. */
    public long unanswered() {
        return expecting ? Math.max(0, sent - responses) : 0;
    }

    /**
     * What was sent and answered since {@code earlier}, a moment of the same connections (a ramp's
     * level: the traffic of everything held during its hold). The span is the time between the two
     * moments' last sends.
     */
    public MessageTotals since(MessageTotals earlier) {
        Histogram latency = responseLatency.copy();
        latency.subtract(earlier.responseLatency);
        return new MessageTotals(used, expecting, sent - earlier.sent, responses - earlier.responses,
                timeouts - earlier.timeouts, late - earlier.late, bytesSent - earlier.bytesSent,
                bytesReceived - earlier.bytesReceived, Math.max(0, spanNanos - earlier.spanNanos), latency);
    }

    /**
     * Both as one (shards, ramp batches, which send at the same time): counts and histograms add up,
     * and the span is the longer one.
     */
    public MessageTotals plus(MessageTotals other) {
        return new MessageTotals(used || other.used, expecting || other.expecting, sent + other.sent,
                responses + other.responses, timeouts + other.timeouts, late + other.late,
                bytesSent + other.bytesSent, bytesReceived + other.bytesReceived, Math.max(spanNanos, other.spanNanos),
                TrackerTotals.sum(responseLatency, other.responseLatency));
    }
}
