package dev.tcpswarm.engine.conversation;

/**
 * What an expect step learned when it matched: its pass detail in the engine's phase walk.
 *
 * @param shown the match's group 1 when it has one, else its first line; escaped, cut to
 *     {@value ConversationState#SHOWN_BYTES} bytes
 * @param answer true when the step is marked as the server's answer ({@link Step.Expect#answer()})
 * @param firstByteNanos the connection's time to first byte, from the conversation's start; -1 when
 *     the match needed no byte (not reached: a match needs one)
 */
public record ExpectMatch(String shown, boolean answer, long firstByteNanos) {
}
