package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.conversation.BuiltInCheck;
import dev.tcpswarm.engine.conversation.Conversation;
import dev.tcpswarm.engine.conversation.Payload;
import dev.tcpswarm.engine.conversation.StartTlsProtocol;
import dev.tcpswarm.engine.conversation.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a service's conversation: its {@code steps:} list (each a {@code send:}, {@code hex:},
 * {@code expect:} with an optional {@code timeout:}, {@code bytes:} or {@code starttls:}), or a
 * built-in {@code check:} ({@link BuiltInCheck}, with {@code status:} for http; or its address's
 * scheme, {@code redis://}) expanded to its steps, with the
 * config's one-line errors naming the service and the key. Used by the services' reader for each
 * service; one thread.
 */
public final class ServiceConversationSection {
    private static final Set<String> STEP_KEYS = Set.of("send", "hex", "expect", "bytes", "timeout", "starttls", "answer");
    private static final List<String> KINDS = List.of("send", "hex", "expect", "bytes", "starttls");

    private ServiceConversationSection() {
    }

    /**
     * The service's conversation, or null for a plain connect.
     *
     * @param service the service's name, for the messages
     * @param node the service's mapping ({@code steps}, {@code check} and {@code status} are read)
     * @param addressCheck the check its address's scheme names ({@code redis://}), or null
     */
    public static Conversation read(String service, ConfigNode node, BuiltInCheck addressCheck) throws ConfigException {
        ConfigNode steps = node.get("steps");
        ConfigNode check = node.get("check");
        ConfigNode status = node.get("status");
        String prefix = "service '" + service + "': ";
        if (steps.present() && check.present()) {
            throw check.error(prefix + "give steps or check, not both");
        }
        if (addressCheck != null && (steps.present() || check.present())) {
            throw node.get("address").error(prefix + "the address says " + addressCheck.scheme() + ":// and the service has "
                    + (steps.present() ? "steps" : "a check") + " too: drop one");
        }
        BuiltInCheck builtIn = addressCheck;
        if (check.present()) {
            String name = check.text();
            builtIn = BuiltInCheck.named(name).orElse(null);
            if (builtIn == null) {
                throw check.error(prefix + "unknown check '" + name + "': use one of "
                        + String.join(", ", BuiltInCheck.names()));
            }
        }
        if (status.present() && builtIn != BuiltInCheck.HTTP) {
            throw status.error(prefix + "status belongs to check: http");
        }
        if (builtIn != null) {
            try {
                return builtIn.conversation(Optional.ofNullable(status.text(null)));
            } catch (IllegalArgumentException e) {
                throw status.error(prefix + e.getMessage());
            }
        }
        return steps(service, steps);
    }

    private static Conversation steps(String service, ConfigNode steps) throws ConfigException {
        if (!steps.present()) {
            return null;
        }
        if (!steps.isList() || steps.items().isEmpty()) {
            throw steps.error("service '" + service + "': steps is a list of send, hex, expect, bytes or starttls steps");
        }
        List<Step> out = new ArrayList<>();
        for (ConfigNode item : steps.items()) {
            out.add(step(service, item));
        }
        try {
            return new Conversation(out);
        } catch (IllegalArgumentException e) {
            throw steps.error("service '" + service + "': " + e.getMessage());
        }
    }

    private static Step step(String service, ConfigNode item) throws ConfigException {
        String prefix = "service '" + service + "': ";
        if (!item.isMapping()) {
            throw item.error(prefix + "a step is a mapping with one of send, hex, expect, bytes or starttls");
        }
        try {
            item.allowOnly(STEP_KEYS);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (service '" + service + "')");
        }
        String kind = null;
        for (String k : KINDS) {
            if (item.get(k).present()) {
                if (kind != null) {
                    throw item.get(k).error(prefix + "a step has one of send, hex, expect, bytes or starttls, not both "
                            + kind + " and " + k);
                }
                kind = k;
            }
        }
        if (kind == null) {
            throw item.error(prefix + "a step has no send, hex, expect, bytes or starttls: give one");
        }
        boolean expects = kind.equals("expect") || kind.equals("bytes");
        for (String k : new String[] {"timeout", "answer"}) {
            if (item.get(k).present() && !expects) {
                throw item.get(k).error(prefix + k + " belongs to an expect or bytes step, not to " + kind);
            }
        }
        ConfigNode value = item.get(kind);
        try {
            switch (kind) {
                case "send":
                    return new Step.Send(Payload.parse(value.text()));
                case "hex":
                    return new Step.Send(Payload.parse("hex:" + value.text()));
                case "starttls":
                    return new Step.StartTls(StartTlsProtocol.parse(value.text()));
                default:
                    Step.Expect e = kind.equals("expect") ? Step.Expect.regex(value.text())
                            : Step.Expect.bytes(value.integer(1, 1 << 20));
                    if (item.get("timeout").present()) {
                        e = e.within(item.get("timeout").durationNanos());
                    }
                    return item.get("answer").bool(false) ? e.asAnswer() : e;
            }
        } catch (IllegalArgumentException e) {
            throw value.error(prefix + e.getMessage());
        }
    }
}
