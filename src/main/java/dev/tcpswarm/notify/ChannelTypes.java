package dev.tcpswarm.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider channel types, by their {@code type:} in the config: each with the keys it takes
 * (besides the common {@code type}, {@code timeout}, {@code retries} and {@code backoff}) and its
 * reader, which checks the settings and resolves the secrets. The config reader dispatches here.
 */
public final class ChannelTypes {
    /** Reads one channel's settings. */
    @FunctionalInterface
    public interface Reader {
        ChannelSpec read(ChannelSettings settings) throws BadSetting;
    }

    /**
     * A channel type.
     *
     * @param keys the keys it takes
     * @param secretKeys those of its keys that hold a secret: each may come from {@code KEY_file} instead
     */
    public record Type(String key, Set<String> keys, Set<String> secretKeys, Reader reader) {
        /** Every key it takes, the {@code _file} forms of its secrets included. */
        public Set<String> allKeys() {
            Set<String> all = new java.util.TreeSet<>(keys);
            secretKeys.forEach(k -> all.add(k + "_file"));
            return all;
        }
    }

    private static final Map<String, Type> TYPES = new LinkedHashMap<>();

    static {
        for (Type t : List.of(WebhookFormat.TYPE, AlertmanagerChannel.TYPE, EmailChannel.TYPE, SlackFormat.TYPE,
                DiscordFormat.TYPE, TeamsFormat.TYPE, MattermostFormat.TYPE, NtfyFormat.TYPE, GotifyFormat.TYPE,
                PushoverFormat.TYPE, TelegramFormat.TYPE, PagerDutyFormat.TYPE, OpsgenieFormat.TYPE)) {
            TYPES.put(t.key(), t);
        }
    }

    private ChannelTypes() {
    }

    /** The type named {@code key}, if there is one. */
    public static Optional<Type> of(String key) {
        return Optional.ofNullable(TYPES.get(key));
    }

    /** Every provider type's key, in the docs' order. */
    public static List<String> keys() {
        return List.copyOf(TYPES.keySet());
    }
}
