package dev.tcpswarm.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What a load connection says once it is up (connected, and through TLS when asked), for
 * {@code run} and {@code ramp}: a first message ({@code --send}, tcpkali's {@code -1}), a message
 * repeated at a rate while the connection is held ({@code --message} and {@code --message-rate},
 * tcpkali's {@code -m}/{@code -r}), and the answer expected to each ({@code --expect}), whose latency
 * counts from the message's planned send. Each connection's {@link MessageExchange} follows it.
 *
 * <p>Threads: immutable, shared by every connection of a run; its payload buffers are read-only
 * and never released, so each write sends a duplicate of them without a copy.
 */
public final class Messaging {
    private final ByteBuf first;
    private final ByteBuf repeated;
    private final long intervalNanos;
    private final Pattern expect;
    private final long responseTimeoutNanos;

    /**
     * @param first sent once when the connection is up; null for none
     * @param repeated sent every {@code intervalNanos} while the connection is held; null for none
     * @param intervalNanos time between the planned sends of {@code repeated}, per connection
     * @param expect the answer to each message sent, matched against the bytes received since the
     *     last match (read as ISO-8859-1, one character per byte); null to match nothing
     * @param responseTimeoutNanos how long after its send an answer may come before it counts as
     *     missing (a later one still counts, as late)
     */
    public Messaging(byte[] first, byte[] repeated, long intervalNanos, Pattern expect, long responseTimeoutNanos) {
        if (first == null && repeated == null) {
            throw new IllegalArgumentException("nothing to send");
        }
        if (repeated != null && intervalNanos <= 0) {
            throw new IllegalArgumentException("a repeated message needs an interval");
        }
        this.first = first == null ? null : payload(first);
        this.repeated = repeated == null ? null : payload(repeated);
        this.intervalNanos = intervalNanos;
        this.expect = expect;
        this.responseTimeoutNanos = Math.max(1, responseTimeoutNanos);
    }

    private static ByteBuf payload(byte[] bytes) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(Math.max(1, bytes.length)).writeBytes(bytes))
                .asReadOnly();
    }

    /** The first message, a duplicate to write; null when none. */
    ByteBuf first() {
        return first == null ? null : first.duplicate();
    }

    /** The repeated message, a duplicate to write; null when none. */
    ByteBuf repeated() {
        return repeated == null ? null : repeated.duplicate();
    }

    int firstSize() {
        return first == null ? 0 : first.readableBytes();
    }

    int repeatedSize() {
        return repeated == null ? 0 : repeated.readableBytes();
    }

    boolean repeats() {
        return repeated != null;
    }

    long intervalNanos() {
        return intervalNanos;
    }

    /** The answer expected to each message; null when answers are not matched. */
    public Pattern expect() {
        return expect;
    }

    long responseTimeoutNanos() {
        return responseTimeoutNanos;
    }

    /** Messages per second per connection asked for; 0 without a repeated message. */
    public double ratePerSecond() {
        return repeated == null ? 0 : (double) TimeUnit.SECONDS.toNanos(1) / intervalNanos;
    }
}
