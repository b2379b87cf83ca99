package dev.tcpswarm.stats;

/**
 * A tracker's counters as one array, for some stretch of a run (see {@link Recording}): what one
 * loop counted in one interval, or everything so far. The state counts follow from them: a slot
 * that started is dialing until it is established or fails; an established one is open until the
 * peer closes it; a closed one is reopened or stays closed. Whatever the counters hold, the five
 * state counts derived here add up to the tracker's total; and as long as every loop's events are
 * counted up to some moment of that loop (its slots' events happen on it, in order), none is below
 * zero.
 */
final class Tally {
    static final int FIRST_STARTS = 0;
    static final int REOPENS = 1;
    static final int ESTABLISHED = 2;
    static final int FAILED = 3;
    static final int REOPEN_FAILED = 4;
    static final int CLOSED_BY_PEER = 5;
    static final int CLOSED_BY_RESET = 6;
    static final int LATE_STARTS = 7;
    /** First attempts established (the dialing phase's). */
    static final int DIAL_ESTABLISHED = 8;
    // Times (System.nanoTime()) of the dialing phase; 0 until the first such event.
    static final int FIRST_START_NANOS = 9;
    static final int LAST_START_NANOS = 10;
    static final int LAST_ESTABLISHED_NANOS = 11;
    static final int LAST_RESOLVED_NANOS = 12;
    /** TLS handshakes completed, and failed after the TCP connect (each failure also counted in FAILED). */
    static final int TLS_COMPLETED = 13;
    static final int TLS_FAILED = 14;
    /**
     * The traffic on held connections ({@code --send}, {@code --message}): messages written (their
     * bytes in the kernel), answers matched by {@code --expect}, answers not there within the response
     * timeout, of those the ones that came later, and bytes each way.
     */
    static final int MESSAGES_SENT = 15;
    static final int RESPONSES = 16;
    static final int RESPONSE_TIMEOUTS = 17;
    static final int RESPONSES_LATE = 18;
    static final int BYTES_SENT = 19;
    static final int BYTES_RECEIVED = 20;
    /** When the first and the last message went into the kernel (System.nanoTime()); 0 until one did. */
    static final int FIRST_MESSAGE_NANOS = 21;
    static final int LAST_MESSAGE_NANOS = 22;
    /** Errors by reason: this index plus the reason's ordinal. */
    static final int ERRORS_BY_REASON = 23;
    static final int SIZE = ERRORS_BY_REASON + ErrorReason.values().length;

    final long[] v = new long[SIZE];

    /** Adds {@code other}'s counters to these: counts add up, the phase's first time is the earliest, its last ones the latest. */
    void add(Tally other) {
        long[] o = other.v;
        for (int i = 0; i < SIZE; i++) {
            switch (i) {
                case FIRST_START_NANOS, FIRST_MESSAGE_NANOS -> {
                    if (o[i] != 0 && (v[i] == 0 || o[i] - v[i] < 0)) {
                        v[i] = o[i];
                    }
                }
                case LAST_START_NANOS, LAST_ESTABLISHED_NANOS, LAST_RESOLVED_NANOS, LAST_MESSAGE_NANOS -> {
                    if (o[i] != 0 && (v[i] == 0 || o[i] - v[i] > 0)) {
                        v[i] = o[i];
                    }
                }
                default -> v[i] += o[i];
            }
        }
    }

    /** Connect attempts started, reopens included. */
    long attempts() {
        return v[FIRST_STARTS] + v[REOPENS];
    }

    StatusCounts counts(long total) {
        long dialing = v[FIRST_STARTS] + v[REOPENS] - v[ESTABLISHED] - v[FAILED];
        long open = v[ESTABLISHED] - v[CLOSED_BY_PEER];
        long closed = v[CLOSED_BY_PEER] - v[REOPENS];
        return new StatusCounts(total, dialing, open, closed, v[FAILED], total - v[FIRST_STARTS]);
    }

    long[] errorsByReason() {
        long[] byReason = new long[ErrorReason.values().length];
        System.arraycopy(v, ERRORS_BY_REASON, byReason, 0, byReason.length);
        return byReason;
    }

    /** The dialing phase, placed on the run's clock whose zero is {@code clockZeroNanos}. */
    DialPhase dialPhase(long clockZeroNanos) {
        long attempts = v[FIRST_STARTS];
        if (attempts == 0) {
            return DialPhase.NONE;
        }
        long first = v[FIRST_START_NANOS];
        long established = v[DIAL_ESTABLISHED];
        return new DialPhase(attempts, v[LAST_START_NANOS] - first, established,
                established == 0 ? 0 : v[LAST_ESTABLISHED_NANOS] - first,
                v[LAST_RESOLVED_NANOS] == 0 ? 0 : Math.max(0, v[LAST_RESOLVED_NANOS] - first), first - clockZeroNanos);
    }
}
