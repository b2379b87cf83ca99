package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.config.MonitorConfig;

/**
 * A sink of the monitor's result pipeline: the console, the daily files, Prometheus, the notifier,
 * and later the store and the status page. It hears every probe, every state change with its reason,
 * every alert decision and every notification's outcome, the summaries, reloads and the stop. All
 * calls come from the pipeline thread, one at a time; a sink that throws is reported and the others
 * carry on ({@link Listeners}). A slow sink delays the pipeline, never the probes: anything slow
 * (network, disk in bulk) belongs on the sink's own thread.
 */
public interface MonitorListener {
    /** The name used when reporting its failures. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Monitoring begins with {@code config}. */
    default void started(MonitorConfig config) {
    }

    default void probed(ProbeResult result) {
    }

    default void stateChanged(StateChange change) {
    }

    default void alert(AlertEvent event) {
    }

    default void notified(NotificationOutcome outcome) {
    }

    default void summary(SummaryPeriod period) {
    }

    /** An access log's window as of its newest final second. */
    default void trafficWindow(TrafficWindow window) {
    }

    /** An access log's interval of event time is complete. */
    default void trafficInterval(TrafficInterval interval) {
    }

    /** A new config is in force; {@code changes} says which services and groups came and went. */
    default void reloaded(MonitorConfig config, ConfigChanges changes) {
    }

    /** A reload of {@code source} was refused ({@code reason}, one line); the running config stays. */
    default void reloadFailed(String source, String reason) {
    }

    /** Monitoring ended (after the last summary); flush and close. */
    default void stopped() {
    }
}
