package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.config.ChannelConfig;
import dev.tcpswarm.notify.DeliveryReport;

/**
 * What became of one alert event on one channel.
 *
 * @param outcome sent, failed after its last try, or superseded by a newer notice of the alert
 * @param attempts tries made, retries included
 * @param error why the last try failed, empty when delivered
 */
public record NotificationOutcome(AlertEvent event, String channel, ChannelConfig.Type type,
        DeliveryReport.Outcome outcome, int attempts, String error, long epochMillis) {

    /** Accepted by the channel (a 2xx answer, a command's exit 0, a line written). */
    public boolean delivered() {
        return outcome == DeliveryReport.Outcome.SENT;
    }

    /** The {@code outcome} label: {@code sent}, {@code failed} or {@code superseded}. */
    public String outcomeKey() {
        return outcome.key();
    }

    /** {@code 3 attempts}. */
    public String attemptsText() {
        return attempts + (attempts == 1 ? " attempt" : " attempts");
    }
}
