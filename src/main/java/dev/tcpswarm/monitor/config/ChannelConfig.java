package dev.tcpswarm.monitor.config;

import dev.tcpswarm.notify.ChannelSpec;
import dev.tcpswarm.notify.Secret;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where alert notifications go. {@code log} and {@code stdout} exist without being declared.
 *
 * @param url webhook: where to POST the JSON notification
 * @param argv command: the program and its arguments, placeholders filled in, run without a shell
 * @param timeoutMillis per delivery attempt
 * @param retries further attempts after a failed one (webhook)
 * @param backoffNanos wait before the first retry, doubled for each next one
 * @param spec a provider channel's (webhook, alertmanager, email, chat, paging) checked settings, which
 *     open it; null for log, stdout and command
 * @param secrets every value of the channel's settings that is secret (its passwords, tokens and
 *     secret addresses, and whatever came from {@code ${env:NAME}} or a {@code KEY_file}): taken out of
 *     every error text the channel's deliveries give
 */
public record ChannelConfig(String name, Type type, URI url, Map<String, String> headers, List<String> argv,
        long timeoutMillis, int retries, long backoffNanos, ChannelSpec spec, List<Secret> secrets) {

    /** The kinds of channel: the built-in ones, then the providers of {@code notify} by their key. */
    public enum Type {
        LOG, STDOUT, WEBHOOK, COMMAND, ALERTMANAGER, EMAIL, SLACK, DISCORD, TEAMS, MATTERMOST, NTFY, GOTIFY, PUSHOVER,
        TELEGRAM, PAGERDUTY, OPSGENIE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The placeholders a command's arguments may use. */
    public static final List<String> PLACEHOLDERS =
            List.of("{alert}", "{service}", "{state}", "{reason}", "{event}", "{time}");

    /** The built-in channel of that type, named after it. */
    public static ChannelConfig builtIn(Type type) {
        return new ChannelConfig(type.key(), type, null, Map.of(), List.of(), 0, 0, 0, null, List.of());
    }
}
