package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sinks as one: each call goes to every sink in order, each in its own try, so one failing sink
 * is reported (its first failure, on stderr) and the rest carry on. Called by the pipeline thread.
 */
public final class Listeners implements MonitorListener {
    private final List<MonitorListener> sinks = new CopyOnWriteArrayList<>();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();
    private final PrintStream err;

    public Listeners(PrintStream err) {
        this.err = err;
    }

    public Listeners add(MonitorListener sink) {
        sinks.add(sink);
        return this;
    }

    /** Failures per sink name so far. */
    public Map<String, Long> failures() {
        return Map.copyOf(failures);
    }

    private void each(Consumer<MonitorListener> call) {
        for (MonitorListener sink : sinks) {
            try {
                call.accept(sink);
            } catch (RuntimeException e) {
                long n = failures.merge(sink.name(), 1L, Long::sum);
                if (n == 1) {
                    err.println("tcpswarm monitor: " + sink.name() + " failed: " + e
                            + "; monitoring and the other outputs carry on");
                }
            }
        }
    }

    @Override
    public void started(MonitorConfig config) {
        each(s -> s.started(config));
    }

    @Override
    public void probed(ProbeResult result) {
        each(s -> s.probed(result));
    }

    @Override
    public void stateChanged(StateChange change) {
        each(s -> s.stateChanged(change));
    }

    @Override
    public void alert(AlertEvent event) {
        each(s -> s.alert(event));
    }

    @Override
    public void notified(NotificationOutcome outcome) {
        each(s -> s.notified(outcome));
    }

    @Override
    public void trafficWindow(TrafficWindow window) {
        each(s -> s.trafficWindow(window));
    }

    @Override
    public void trafficInterval(TrafficInterval interval) {
        each(s -> s.trafficInterval(interval));
    }

    @Override
    public void summary(SummaryPeriod period) {
        each(s -> s.summary(period));
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        each(s -> s.reloaded(config, changes));
    }

    @Override
    public void reloadFailed(String source, String reason) {
        each(s -> s.reloadFailed(source, reason));
    }

    @Override
    public void stopped() {
        each(MonitorListener::stopped);
    }
}
