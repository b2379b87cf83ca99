package dev.tcpswarm.stats;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What was recorded over some stretch of a run: the counters ({@link Tally}) and the timings, in
 * microseconds (connect latency from the connect call and from the planned start, time to error,
 * time to close, schedule lag, the TLS handshake, the response to a message). One is a loop's interval (written by that loop, see
 * {@link LoopRecorder}); others are a tracker's totals and the interval pending for its next
 * progress sample (written under the tracker's reading lock). Not thread-safe by itself.
 */
final class Recording {
    final Tally tally = new Tally();
    final Histogram connect;
    final Histogram fromIntended;
    final Histogram timeToError;
    final Histogram timeToClose;
    final Histogram scheduleLag;
    /** TLS handshake latency, apart from the connect's. */
    final Histogram tlsHandshake;
    /** Response latency, from each message's planned send to the match of its answer. */
    final Histogram response;

    /**
     * Histograms that grow with the values they are given: they mostly hold a narrow range (a few
     * milliseconds), so that moving, clearing and copying them costs that range, not the whole hour
     * (a full-range histogram is 188 KB: the abort watch copies five of them ten times a second).
     */
    Recording() {
        connect = newHistogram();
        fromIntended = newHistogram();
        timeToError = newHistogram();
        timeToClose = newHistogram();
        scheduleLag = newHistogram();
        tlsHandshake = newHistogram();
        response = newHistogram();
    }

    private static Histogram newHistogram() {
        return new Histogram(ConnectionTracker.SIGNIFICANT_DIGITS);
    }

    /** The histogram of {@code series}. */
    Histogram latency(LatencySeries series) {
        return switch (series) {
            case CONNECT -> connect;
            case PLANNED -> fromIntended;
            case TIME_TO_ERROR -> timeToError;
            case TIME_TO_CLOSE -> timeToClose;
            case SCHEDULE_LAG -> scheduleLag;
            case TLS_HANDSHAKE -> tlsHandshake;
            case RESPONSE -> response;
        };
    }

    /** Nanoseconds as the microseconds recorded: clamped to the histograms' range. */
    static long micros(long nanos) {
        return Math.min(ConnectionTracker.HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /** Adds what {@code other} recorded to this. */
    void add(Recording other) {
        tally.add(other.tally);
        addIfAny(connect, other.connect);
        addIfAny(fromIntended, other.fromIntended);
        addIfAny(timeToError, other.timeToError);
        addIfAny(timeToClose, other.timeToClose);
        addIfAny(scheduleLag, other.scheduleLag);
        addIfAny(tlsHandshake, other.tlsHandshake);
        addIfAny(response, other.response);
    }

    /** Empties it (a histogram that holds nothing is left alone: clearing costs its whole range). */
    void reset() {
        Arrays.fill(tally.v, 0);
        resetIfAny(connect);
        resetIfAny(fromIntended);
        resetIfAny(timeToError);
        resetIfAny(timeToClose);
        resetIfAny(scheduleLag);
        resetIfAny(tlsHandshake);
        resetIfAny(response);
    }

    private static void addIfAny(Histogram into, Histogram from) {
        if (from.getTotalCount() > 0) {
            into.add(from);
        }
    }

    private static void resetIfAny(Histogram h) {
        if (h.getTotalCount() > 0) {
            h.reset();
        }
    }
}
