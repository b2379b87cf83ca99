package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertState;
import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.config.LoggingConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.notify.DeliveryReport;
import dev.tcpswarm.report.Words;

/**
 * {@code events_YYYYMMDD.log} in the log directory: every state change with its reason, every alert
 * decision, every failed or superseded notification and every reload, one stamped line each (the {@code log}
 * channel writes here too). Pipeline thread only.
 */
public final class EventLog implements MonitorListener {
    /** The event files' name prefix. */
    public static final String PREFIX = "events_";

    private final DailyFiles files;
    private final MonitorClock clock;

    /** @param faults where the lines the disk did not take are counted and said */
    public EventLog(LoggingConfig logging, MonitorClock clock, WriteFaults faults) {
        this.clock = clock;
        this.files = new DailyFiles(logging.dir(), PREFIX, null, clock.zone(), logging.keepDays(), faults);
    }

    /** Appends {@code 2025-10-08 14:30:00 LINE}. */
    public void write(long epochMillis, String line) {
        files.append(epochMillis, Timestamps.local(epochMillis, clock.zone()) + " " + line + "\n");
    }

    @Override
    public void stateChanged(StateChange change) {
        write(change.epochMillis(), change.line());
    }

    @Override
    public void alert(AlertEvent event) {
        if (event.event() == AlertState.Event.SUPPRESSED) {
            write(event.epochMillis(), "ALERT " + event.line());
        }
    }

    @Override
    public void notified(NotificationOutcome o) {
        if (o.outcome() == DeliveryReport.Outcome.FAILED) {
            write(o.epochMillis(), "NOTIFICATION FAILED " + o.event().alert() + " " + o.event().event() + " via " + o.channel()
                    + " after " + o.attemptsText() + ": " + o.error());
        } else if (o.outcome() == DeliveryReport.Outcome.SUPERSEDED) {
            write(o.epochMillis(), "NOTIFICATION SUPERSEDED " + o.event().alert() + " " + o.event().event() + " via "
                    + o.channel() + " after " + o.attemptsText() + ": a newer notice of the alert replaced it");
        }
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        write(clock.epochMillis(), "RELOADED " + config.source() + ": " + Words.count(config.services().size(), "service")
                + (changes.addedServices().isEmpty() ? "" : ", added " + String.join(", ", changes.addedServices()))
                + (changes.removedServices().isEmpty() ? "" : ", removed " + String.join(", ", changes.removedServices()))
                + (changes.changedServices().isEmpty() ? "" : ", changed " + String.join(", ", changes.changedServices())));
    }

    @Override
    public void reloadFailed(String source, String reason) {
        write(clock.epochMillis(), "RELOAD FAILED " + source + ": " + reason + "; the running config stays");
    }
}
