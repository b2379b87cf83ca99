package dev.tcpswarm.stats;

/**
 * The dialing phase of a run, from its first connect call until every connection slot is resolved
 * (reopens during a hold come after it), as far as the rates need it. The two rates are kept apart
 * on purpose: how fast attempts were started (the client's pace, to hold against {@code --rate}),
 * and how fast connections were established (the server's pace), each over its own span, so that
 * one connection that takes its whole dial timeout to fail stretches neither. Where the phase
 * began ({@code firstAttemptNanos}) places it on the run's clock, so that phases that ran at the
 * same time (shards of one plan) can be combined on a common clock ({@link #alongside}).
 *
 * @param attempts connect attempts started in the phase
 * @param attemptSpanNanos from the first connect call to the last one
 * @param established connections established in the phase
 * @param connectSpanNanos from the first connect call to the last connection established
 * @param resolveSpanNanos from the first connect call to the last connection resolved (established
 *     or failed): the phase's whole length
 * @param firstAttemptNanos when the first connect call was made, in nanoseconds after the run's
 *     start ({@link RunResult#start()}, the zero of its planned-start clock)
 */
public record DialPhase(long attempts, long attemptSpanNanos, long established, long connectSpanNanos,
        long resolveSpanNanos, long firstAttemptNanos) {

    /** No attempt at all. */
    public static final DialPhase NONE = new DialPhase(0, 0, 0, 0, 0, 0);

    /** A phase whose place on the run's clock is not known (taken as its start). */
    public DialPhase(long attempts, long attemptSpanNanos, long established, long connectSpanNanos,
            long resolveSpanNanos) {
        this(attempts, attemptSpanNanos, established, connectSpanNanos, resolveSpanNanos, 0);
    }

    /** Connections established per second over the span in which they were established; 0 for none. */
    public double connectRatePerSecond() {
        return connectSpanNanos <= 0 ? 0 : established * 1e9 / connectSpanNanos;
    }

    /**
     * Attempts started per second: the gaps between starts over the span of the starts, so that
     * 2,000 starts planned at 1,000 per second read 1,000 exactly. 0 with fewer than two starts.
     */
    public double attemptRatePerSecond() {
        return attempts < 2 || attemptSpanNanos <= 0 ? 0 : (attempts - 1) * 1e9 / attemptSpanNanos;
    }

    /**
     * This phase and {@code other} as one, for phases that ran one after the other (a ramp's levels):
     * counts and spans add up.
     */
    public DialPhase plus(DialPhase other) {
        return new DialPhase(attempts + other.attempts, attemptSpanNanos + other.attemptSpanNanos,
                established + other.established, connectSpanNanos + other.connectSpanNanos,
                resolveSpanNanos + other.resolveSpanNanos, firstAttemptNanos);
    }

    /**
     * This phase and {@code other} as one, for phases that ran at the same time and are placed on
     * the same clock (shards of one plan, {@link #shifted} onto the common start): counts add up, and
     * each span runs from the earliest first attempt to the latest end of that span.
     */
    public DialPhase alongside(DialPhase other) {
        if (attempts == 0) {
            return other;
        }
        if (other.attempts == 0) {
            return this;
        }
        long first = Math.min(firstAttemptNanos, other.firstAttemptNanos);
        long connectEnd = Math.max(established == 0 ? first : firstAttemptNanos + connectSpanNanos,
                other.established == 0 ? first : other.firstAttemptNanos + other.connectSpanNanos);
        return new DialPhase(attempts + other.attempts,
                Math.max(firstAttemptNanos + attemptSpanNanos, other.firstAttemptNanos + other.attemptSpanNanos) - first,
                established + other.established, connectEnd - first,
                Math.max(firstAttemptNanos + resolveSpanNanos, other.firstAttemptNanos + other.resolveSpanNanos) - first,
                first);
    }

    /** The same phase on a clock that started {@code nanos} earlier. */
    public DialPhase shifted(long nanos) {
        return new DialPhase(attempts, attemptSpanNanos, established, connectSpanNanos, resolveSpanNanos,
                firstAttemptNanos + nanos);
    }
}
