package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.ChannelConfig;

/**
 * What became of one alert event on one channel.
 *
 * @param delivered accepted by the channel (a 2xx answer, a command's exit 0, a line written)
 * @param attempts tries made, retries included
 * @param error why the last try failed, empty when delivered
 */
public record NotificationOutcome(AlertEvent event, String channel, ChannelConfig.Type type, boolean delivered,
        int attempts, String error, long epochMillis) {

    /** The {@code outcome} label: {@code sent} or {@code failed}. */
    public String outcomeKey() {
        return delivered ? "sent" : "failed";
    }
}
