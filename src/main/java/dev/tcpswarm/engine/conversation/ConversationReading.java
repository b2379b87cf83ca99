package dev.tcpswarm.engine.conversation;

import dev.tcpswarm.engine.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation's figures for one connection, gathered from its phases' pass details: the time to
 * first byte, the time to each match (from the step's start, so after its send), and what the
 * server said (escaped; the step marked as the answer, else the first expect's first line).
 *
 * @param firstByteNanos -1 when no byte came
 * @param matchNanos each expect that passed, in order
 * @param answer empty when nothing was read
 */
public record ConversationReading(long firstByteNanos, List<Long> matchNanos, String answer) {
    public ConversationReading {
        matchNanos = List.copyOf(matchNanos);
    }

    /**
     * From a walk of {@code phases}: {@code nanos[i]} the latency of phase {@code i} (-1 unless it
     * passed) and {@code details[i]} what it learned. {@code failure}, when the walk ended in a
     * conversation step's failure, gives what the server had sent then. Null when the walk held no
     * conversation step.
     */
    public static ConversationReading of(Phase[] phases, long[] nanos, Object[] details, Throwable failure) {
        long firstByte = -1;
        List<Long> matches = new ArrayList<>();
        String first = null;
        String marked = null;
        boolean any = false;
        for (int i = 0; i < phases.length; i++) {
            any |= phases[i] instanceof ConversationPhase;
            if (nanos[i] >= 0 && details[i] instanceof ExpectMatch m) {
                matches.add(nanos[i]);
                if (firstByte < 0) {
                    firstByte = m.firstByteNanos();
                }
                if (first == null) {
                    first = m.shown();
                }
                if (m.answer() && marked == null) {
                    marked = m.shown();
                }
            }
        }
        if (!any) {
            return null;
        }
        String answer = marked != null ? marked : first;
        if (answer == null && failure instanceof ConversationFailure f) {
            answer = f.got();
        }
        return new ConversationReading(firstByte, matches, answer == null ? "" : answer);
    }
}
