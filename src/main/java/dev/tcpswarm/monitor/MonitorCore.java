package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.alert.AlertSchedule;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.util.Map;

/**
 * The pipeline's logic, without threads or I/O: probe results in, states (services, then their
 * groups), alert decisions, summaries and reloads out to the {@link MonitorListener}. Each job has
 * its own part: {@link Targets} routes results and judges groups, {@link AlertSchedule} checks the
 * alerts, {@link SummaryCalendar} times the summaries, {@link ReloadDiff} says what a reload keeps;
 * the maintenance windows are applied at every tick and probe, and a window's start or end is a tick.
 * Time comes from the {@link MonitorClock}, so tests drive hours of monitoring with a manual clock.
 * The runtime calls it from one thread (the pipeline thread); so do tests.
 */
public final class MonitorCore {
    private final MonitorClock clock;
    private final MonitorListener listener;
    private final Targets targets;
    private final AlertSchedule alerts = new AlertSchedule();
    private final SummaryCalendar summaries;
    private MonitorConfig config;
    private boolean finished;

    public MonitorCore(MonitorConfig config, MonitorClock clock, MonitorListener listener) {
        this.clock = clock;
        this.listener = listener;
        this.config = config;
        this.targets = new Targets(clock.zone());
        this.summaries = new SummaryCalendar(clock, config.logging().summaryEveryNanos(), settleMillis(config));
        targets.install(config, Map.of());
        alerts.install(config.alerts(), clock.nanoTime());
    }

    public MonitorConfig config() {
        return config;
    }

    /** Tells the sinks that monitoring starts; the first summary period begins now. */
    public void start() {
        summaries.start();
        listener.started(config);
        maintain();
    }

    /** Puts services and groups in or out of their maintenance windows as the clock now reads. */
    private void maintain() {
        targets.maintain(config.maintenance(), clock.nanoTime(), clock.epochMillis(), listener::stateChanged);
    }

    /**
     * Starts from where an earlier run stopped (before {@link #start}): the services and groups named
     * in the config take up their remembered state, reason and since-time, and the alerts that were
     * firing go on firing without a new message. Names no longer in the config are ignored.
     */
    public void resume(Resume resume) {
        targets.resume(resume.states());
        alerts.resume(resume.alerts(), clock.nanoTime(), clock.epochMillis());
    }

    /** The services' health, in config order. */
    public Map<String, ServiceHealth> services() {
        return targets.services();
    }

    /** The groups' states, in config order. */
    public Map<String, Standing> groups() {
        return targets.groups();
    }

    /** True while the named alert is firing. */
    public boolean firing(String alert) {
        return alerts.firing(alert);
    }

    /** One probe's result: the service's state, then its groups', then the sinks. */
    public void onResult(ProbeResult r) {
        maintain(); // a window that began since the last tick covers this probe already
        targets.apply(r, listener::probed, listener::stateChanged);
    }

    /** An access log's window: what its alerts read next, then the sinks. */
    public void onTraffic(TrafficWindow w) {
        if (targets.traffic(w, clock.nanoTime(), clock.epochMillis())) {
            listener.trafficWindow(w);
        }
    }

    /** An access log's closed interval, for the sinks. */
    public void onTrafficInterval(TrafficInterval i) {
        listener.trafficInterval(i);
    }

    /** The access logs' latest windows, in config order (those with none yet are left out). */
    public Map<String, TrafficWindow> trafficWindows() {
        return targets.trafficWindows();
    }

    /** A notification's outcome, reported by the notifier. */
    public void onNotification(NotificationOutcome outcome) {
        listener.notified(outcome);
    }

    /** When {@link #tick()} has work next (monotonic nanoseconds). */
    public long nextDueNanos() {
        long now = clock.nanoTime();
        long next = Math.min(now + summaries.millisToNext() * 1_000_000L, alerts.nextDueNanos());
        long wall = clock.epochMillis();
        java.time.Instant change = config.maintenance().nextChangeAfter(java.time.Instant.ofEpochMilli(wall));
        if (change != null) {
            next = Math.min(next, now + Math.max(0, change.toEpochMilli() - wall) * 1_000_000L);
        }
        return next;
    }

    /**
     * How long a due summary may wait for the probes started before its end: the longest probe, and a
     * second for the name lookup and the hand-over.
     */
    private static long settleMillis(MonitorConfig config) {
        long longest = 0;
        for (var s : config.services()) {
            longest = Math.max(longest, s.longestProbeMillis());
        }
        return longest + 1000;
    }

    /**
     * Runs the alert checks and the summary that are due, not knowing which probes are under way: a
     * due summary waits for the longest probe.
     */
    public void tick() {
        tick(Long.MIN_VALUE);
    }

    /**
     * Runs the alert checks and the summary that are due.
     *
     * @param settledEpochMillis every probe started before this wall time has been handed to
     *     {@link #onResult} (read before the results were taken): a due summary goes out as soon as
     *     its period is settled
     */
    public void tick(long settledEpochMillis) {
        maintain(); // before the alerts: those of a target whose window begins now are held
        for (AlertEvent e : alerts.tick(targets, clock.nanoTime(), clock.epochMillis())) {
            listener.alert(e);
        }
        SummaryPeriod period = summaries.due(settledEpochMillis);
        if (period != null) {
            listener.summary(period);
        }
    }

    /** The final summary (everything since the last one) and the stop; once. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        SummaryPeriod due = summaries.due(Long.MAX_VALUE); // a period that ended while its last probes were out
        if (due != null) {
            listener.summary(due);
        }
        listener.summary(summaries.last());
        listener.stopped();
    }

    /**
     * Puts {@code next} in force: services whose definition is unchanged keep their state and window,
     * changed ones start afresh, removed ones are gone (and the sinks told); alerts likewise.
     */
    public ConfigChanges reload(MonitorConfig next) {
        ReloadDiff diff = ReloadDiff.of(config, targets.services(), next);
        config = next;
        targets.install(next, diff.keep());
        alerts.install(next.alerts(), clock.nanoTime());
        summaries.setEvery(next.logging().summaryEveryNanos(), settleMillis(next));
        listener.reloaded(next, diff.changes());
        targets.judgeGroups(clock.nanoTime(), clock.epochMillis(), listener::stateChanged);
        maintain();
        return diff.changes();
    }
}
