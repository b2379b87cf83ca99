package dev.tcpswarm.notify;

import java.util.Locale;

/**
 * What became of one notice on one channel, once it is settled.
 *
 * @param attempts tries made, retries included (0 for a notice superseded before its first)
 * @param error why the last try failed; empty when sent
 */
public record DeliveryReport(Notice notice, String channel, Outcome outcome, int attempts, String error) {
    /** How a delivery ended. */
    public enum Outcome {
        /** Accepted by the channel (a 2xx answer, a command's exit 0, a line written). */
        SENT,
        /** Failed on its last try. */
        FAILED,
        /** Dropped unsent: a newer notice of the same alert came for the channel while it waited. */
        SUPERSEDED;

        /** The metrics' {@code outcome} label: {@code sent}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
