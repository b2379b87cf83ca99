package dev.tcpswarm.engine.conversation;

import dev.tcpswarm.stats.ErrorReason;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One step of a conversation, as configured: a {@link Send}, an {@link Expect} or a
 * {@link StartTls}. Immutable values, shared by every connection that holds the conversation; the
 * engine turns them into phases ({@link Conversation#phases}).
 */
public sealed interface Step permits Step.Send, Step.Expect, Step.StartTls {

    /** Writes {@code payload} (with the captures of the last match in place of {@code ${N}}). */
    record Send(Payload payload) implements Step {
        public Send {
            Objects.requireNonNull(payload);
        }

        /** A send of {@code text} as written ({@link Payload#parse}). */
        public static Send of(String text) {
            return new Send(Payload.parse(text));
        }
    }

    /**
     * Waits for the server's answer: {@code pattern} found in the bytes received since the last match
     * (one char per byte, ISO-8859-1: {@code \x00} matches a zero byte), or, with no pattern,
     * {@code byteCount} bytes. The match and what came before it are consumed; its groups are the
     * captures a later send uses.
     *
     * @param timeoutNanos its own timeout; 0 for the probe's (or the run's)
     * @param mismatch the reason when the answer is not the one expected ({@link ErrorReason#UNEXPECTED_ANSWER},
     *     or {@link ErrorReason#STARTTLS_REFUSED} for the answer to a STARTTLS)
     * @param answer true when this match is what the server said, for the monitor's API (its group 1,
     *     or its first line); when no step says so, the first expect's
     * @param discardRest true to drop whatever came after the match too (the bytes after a STARTTLS
     *     answer were sent before the TLS handshake and must not count as sent over TLS)
     */
    record Expect(Pattern pattern, int byteCount, long timeoutNanos, ErrorReason mismatch, boolean answer,
            boolean discardRest) implements Step {
        public Expect {
            Objects.requireNonNull(mismatch);
            if ((pattern == null) == (byteCount <= 0)) {
                throw new IllegalArgumentException("an expect has either a pattern or a positive byte count");
            }
            if (timeoutNanos < 0) {
                throw new IllegalArgumentException("negative timeout");
            }
        }

        /** Equal when the same pattern text, count, timeout and flags (a {@link Pattern} has no equality of its own). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Expect e && byteCount == e.byteCount && timeoutNanos == e.timeoutNanos
                    && mismatch == e.mismatch && answer == e.answer && discardRest == e.discardRest
                    && Objects.equals(text(), e.text()) && flags() == e.flags();
        }

        @Override
        public int hashCode() {
            return Objects.hash(text(), byteCount, timeoutNanos, mismatch, answer, discardRest);
        }

        private String text() {
            return pattern == null ? null : pattern.pattern();
        }

        private int flags() {
            return pattern == null ? 0 : pattern.flags();
        }

        /** Expects {@code regex} within the default timeout. */
        public static Expect regex(String regex) {
            return new Expect(compile(regex), 0, 0, ErrorReason.UNEXPECTED_ANSWER, false, false);
        }

        /** Expects {@code count} bytes within the default timeout. */
        public static Expect bytes(int count) {
            return new Expect(null, count, 0, ErrorReason.UNEXPECTED_ANSWER, false, false);
        }

        /** This expect with its own timeout. */
        public Expect within(long nanos) {
            return new Expect(pattern, byteCount, nanos, mismatch, answer, discardRest);
        }

        /** This expect, marked as the server's answer for the API. */
        public Expect asAnswer() {
            return new Expect(pattern, byteCount, timeoutNanos, mismatch, true, discardRest);
        }

        /** This expect failing with {@code reason} when the answer is another. */
        public Expect mismatchReason(ErrorReason reason) {
            return new Expect(pattern, byteCount, timeoutNanos, reason, answer, discardRest);
        }

        /** This expect, dropping what came after its match. */
        public Expect discardingRest() {
            return new Expect(pattern, byteCount, timeoutNanos, mismatch, answer, true);
        }

        /** How messages name what it waits for: {@code /^\+PONG/}, {@code 4 bytes}. */
        public String shown() {
            return pattern != null ? "/" + pattern.pattern() + "/" : byteCount + (byteCount == 1 ? " byte" : " bytes");
        }

        /** Compiles {@code regex}, with a one-line error for a bad one. */
        public static Pattern compile(String regex) {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + regex + "' is not a regular expression: "
                        + e.getDescription() + (e.getIndex() >= 0 ? " at " + e.getIndex() : ""));
            }
        }
    }

    /** The protocol's own upgrade ({@code STARTTLS}, {@code STLS}, an SSLRequest), then a TLS handshake. */
    record StartTls(StartTlsProtocol protocol) implements Step {
        public StartTls {
            Objects.requireNonNull(protocol);
        }
    }
}
