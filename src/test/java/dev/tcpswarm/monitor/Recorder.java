package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertEvent;
import java.util.ArrayList;
import java.util.List;

/** A sink that writes down what the pipeline told it, as lines. */
final class Recorder implements MonitorListener {
    final List<String> lines = new ArrayList<>();
    final List<AlertEvent> alerts = new ArrayList<>();
    final List<SummaryPeriod> summaries = new ArrayList<>();

    @Override
    public void stateChanged(StateChange change) {
        lines.add(change.line());
    }

    @Override
    public void alert(AlertEvent event) {
        alerts.add(event);
        lines.add("ALERT " + event.line());
    }

    @Override
    public void summary(SummaryPeriod period) {
        summaries.add(period);
    }

    List<String> drain() {
        List<String> out = List.copyOf(lines);
        lines.clear();
        return out;
    }
}
