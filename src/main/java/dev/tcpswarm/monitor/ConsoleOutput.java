package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertState;
import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.notify.DeliveryReport;
import dev.tcpswarm.traffic.SummaryTable;
import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * stdout: one line per state change ({@code 2025-10-08 14:30:02 db: DOWN (3 consecutive timeouts)}),
 * one per access log's interval with requests, alerts held back, and the table at every summary;
 * the final summary adds the probes' start lag.
 * Failed notifications go to stderr. stdout goes through the {@link ConsoleWriter}, so a stdout
 * nobody reads never holds up the pipeline. Pipeline thread only.
 */
public final class ConsoleOutput implements MonitorListener {
    private final ConsoleWriter out;
    private final PrintStream err;
    private final PeriodStats stats;
    private final MonitorClock clock;
    private boolean probing = true;

    public ConsoleOutput(ConsoleWriter out, PrintStream err, PeriodStats stats, MonitorClock clock) {
        this.out = out;
        this.err = err;
        this.stats = stats;
        this.clock = clock;
    }

    private String stamp(long epochMillis) {
        return Timestamps.local(epochMillis, clock.zone());
    }

    @Override
    public void stateChanged(StateChange change) {
        out.println(stamp(change.epochMillis()) + " " + change.line());
    }

    /** A log's interval with requests or bad lines: one line; an idle interval says nothing. */
    @Override
    public void trafficInterval(TrafficInterval interval) {
        if (interval.hits() > 0 || interval.malformed() > 0 || interval.late() > 0) {
            out.println(SummaryTable.monitorLine(interval));
        }
    }

    @Override
    public void alert(AlertEvent event) {
        if (event.event() == AlertState.Event.SUPPRESSED) {
            out.println(stamp(event.epochMillis()) + " ALERT " + event.line());
        }
    }

    @Override
    public void notified(NotificationOutcome o) {
        if (o.outcome() == DeliveryReport.Outcome.FAILED) {
            err.println("tcpswarm monitor: notification " + o.event().alert() + " " + o.event().event() + " via "
                    + o.channel() + " failed after " + o.attemptsText() + ": " + o.error());
            err.flush();
        }
    }

    @Override
    public void started(dev.tcpswarm.monitor.config.MonitorConfig config) {
        probing = !config.services().isEmpty();
    }

    @Override
    public void reloaded(dev.tcpswarm.monitor.config.MonitorConfig config, ConfigChanges changes) {
        probing = !config.services().isEmpty();
    }

    /** The probes' table; none while the config watches access logs only. */
    @Override
    public void summary(SummaryPeriod period) {
        if (!probing) {
            return;
        }
        String timestamp = stamp(period.endEpochMillis());
        StringBuilder text = new StringBuilder();
        if (period.last()) {
            text.append("--- final summary: ").append(stamp(period.startEpochMillis())).append(" to ").append(timestamp)
                    .append(" ---").append(System.lineSeparator());
        }
        text.append(DailyTable.table(timestamp, stats.lastRows()));
        if (period.last()) {
            text.append(startLagLine(stats.startLagMicros())).append(System.lineSeparator());
        }
        out.print(text.toString());
    }

    /** {@code probe start lag vs plan: p50 0.05 ms, p99 0.31 ms, max 2.1 ms over 12000 probes}. */
    static String startLagLine(Histogram lagMicros) {
        if (lagMicros.getTotalCount() == 0) {
            return "probe start lag vs plan: no probes";
        }
        return String.format(Locale.ROOT, "probe start lag vs plan: p50 %s, p99 %s, max %s over %d probes",
                Figures.millis(lagMicros.getValueAtPercentile(50) * 1000), Figures.millis(lagMicros.getValueAtPercentile(99) * 1000),
                Figures.millis(lagMicros.getMaxValue() * 1000), lagMicros.getTotalCount());
    }
}
