package dev.tcpswarm.engine.conversation;

import dev.tcpswarm.engine.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A conversation after the connect (and TLS): its steps, in order, and how the engine walks them.
 * The same value drives a monitor probe ({@link dev.tcpswarm.engine.ProbeDialer}) and a load
 * connection: {@link #phases} turns the steps into the engine's phases, a {@code starttls} into its
 * protocol's upgrade steps and the TLS handshake. Immutable; shared by every connection.
 */
public final class Conversation {
    private final List<Step> steps;

    /** The conversation of {@code steps}; at most one {@code starttls}, and a capture used only after an expect. */
    public Conversation(List<Step> steps) {
        this.steps = List.copyOf(steps);
        if (this.steps.isEmpty()) {
            throw new IllegalArgumentException("a conversation has at least one step");
        }
        boolean expected = false;
        int starttls = 0;
        for (Step s : this.steps) {
            if (s instanceof Step.Send send && send.payload().usesCaptures() && !expected) {
                throw new IllegalArgumentException("the send '" + send.payload().text()
                        + "' uses a capture, but no expect comes before it");
            }
            expected |= s instanceof Step.Expect || s instanceof Step.StartTls;
            starttls += s instanceof Step.StartTls ? 1 : 0;
        }
        if (starttls > 1) {
            throw new IllegalArgumentException("a conversation upgrades to TLS once: give one starttls step");
        }
    }

    public List<Step> steps() {
        return steps;
    }

    /** True when it upgrades to TLS ({@code starttls}). */
    public boolean startsTls() {
        return steps.stream().anyMatch(s -> s instanceof Step.StartTls);
    }

    /**
     * The engine's phases for this conversation, to walk after the connect (and a TLS handshake, if
     * any).
     *
     * @param defaultTimeoutNanos the timeout of each send, and of each expect that has none of its own
     * @param handshake the TLS handshake a {@code starttls} runs after its upgrade (a new
     *     {@link dev.tcpswarm.engine.TlsPhase} for the server); not called when there is none
     */
    public Phase[] phases(long defaultTimeoutNanos, Supplier<Phase> handshake) {
        List<Step> flat = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof Step.StartTls st) {
                flat.addAll(st.protocol().upgrade());
            }
            flat.add(s);
        }
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < flat.size(); i++) {
            Step s = flat.get(i);
            boolean last = i == flat.size() - 1;
            if (s instanceof Step.Send send) {
                phases.add(new ConversationPhase.SendPhase(send.payload(), defaultTimeoutNanos, last));
            } else if (s instanceof Step.Expect e) {
                long timeout = e.timeoutNanos() > 0 ? e.timeoutNanos() : defaultTimeoutNanos;
                phases.add(new ConversationPhase.ExpectPhase(e, timeout, last));
            } else {
                phases.add(Objects.requireNonNull(handshake.get(), "no TLS for the starttls step"));
                if (last) {
                    phases.add(new ConversationPhase.EndPhase(defaultTimeoutNanos));
                }
            }
        }
        return phases.toArray(Phase[]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conversation c && c.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }
}
