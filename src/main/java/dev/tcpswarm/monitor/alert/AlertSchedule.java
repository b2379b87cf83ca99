package dev.tcpswarm.monitor.alert;

import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.ServiceState;
import dev.tcpswarm.monitor.config.AlertConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts in force: each one's state machine and when it is checked next. A tick checks those
 * that are due against the targets and gives the events to send; a reload keeps the alerts whose
 * definition is unchanged (state and timing), and a resume takes up the firings of an earlier run.
 * An alert whose target is in a maintenance window is held: not checked until the window ends.
 * Pipeline thread only.
 */
public final class AlertSchedule {
    private final Map<String, Run> runs = new LinkedHashMap<>();

    /** One alert's state and timing. */
    private static final class Run {
        final AlertConfig config;
        final AlertState state;
        long nextCheckNanos;
        long firingSinceEpochMillis;

        Run(AlertConfig config, long firstCheckNanos) {
            this.config = config;
            this.state = new AlertState(config.failureThreshold(), config.successThreshold(), config.sendResolved(),
                    config.reminderNanos());
            this.nextCheckNanos = firstCheckNanos;
        }
    }

    /**
     * Puts {@code alerts} in force at {@code nowNanos}: an alert defined as before keeps its state and
     * timing, the others start afresh, their first check one {@code check_every} from now.
     */
    public void install(List<AlertConfig> alerts, long nowNanos) {
        Map<String, Run> old = new LinkedHashMap<>(runs);
        runs.clear();
        for (AlertConfig a : alerts) {
            Run kept = old.get(a.name());
            runs.put(a.name(), kept != null && kept.config.equals(a) ? kept : new Run(a, nowNanos + a.checkEveryNanos()));
        }
    }

    /** Takes up the alerts that were firing when an earlier run stopped, without a new message. */
    public void resume(List<Resume.LastAlert> firing, long nowNanos, long nowEpochMillis) {
        for (Resume.LastAlert a : firing) {
            Run run = runs.get(a.alert());
            if (run != null) {
                run.state.resume(nowNanos - Math.max(0, nowEpochMillis - a.firingSinceEpochMillis()) * 1_000_000L,
                        nowNanos - Math.max(0, nowEpochMillis - a.lastSentEpochMillis()) * 1_000_000L);
                run.firingSinceEpochMillis = a.firingSinceEpochMillis();
            }
        }
    }

    /** True while the named alert is firing. */
    public boolean firing(String alert) {
        Run run = runs.get(alert);
        return run != null && run.state.firing();
    }

    /** The next check time (monotonic), or {@code Long.MAX_VALUE} for none. */
    public long nextDueNanos() {
        long next = Long.MAX_VALUE;
        for (Run r : runs.values()) {
            next = Math.min(next, r.nextCheckNanos);
        }
        return next;
    }

    /** Checks the alerts due at {@code nowNanos}; the events they decide, in config order. */
    public List<AlertEvent> tick(AlertTargets targets, long nowNanos, long nowEpochMillis) {
        List<AlertEvent> events = new ArrayList<>();
        for (Run r : runs.values()) {
            if (r.nextCheckNanos <= nowNanos) {
                check(r, targets, nowNanos, nowEpochMillis, events);
                r.nextCheckNanos += r.config.checkEveryNanos();
                if (r.nextCheckNanos <= nowNanos) {
                    r.nextCheckNanos = nowNanos + r.config.checkEveryNanos();
                }
            }
        }
        return events;
    }

    private static void check(Run r, AlertTargets targets, long now, long wall, List<AlertEvent> events) {
        AlertConfig alert = r.config;
        if (targets.standing(alert.target()).state() == ServiceState.MAINTENANCE) {
            return; // held: no firing, resolving or reminding during the target's maintenance window
        }
        ConditionResult result = AlertConditions.check(alert, targets, now);
        String holding = targets.holdingGroup(alert.target());
        for (AlertState.Event e : r.state.next(result.bad(), holding != null, now)) {
            if ((e == AlertState.Event.FIRING || e == AlertState.Event.SUPPRESSED) && r.firingSinceEpochMillis == 0) {
                r.firingSinceEpochMillis = wall;
            }
            String message = ConditionText.of(result);
            events.add(new AlertEvent(alert.name(), alert.target(), e, targets.standing(alert.target()).state(),
                    e == AlertState.Event.SUPPRESSED ? ConditionText.heldBack(message, holding) : message,
                    alert.channels(), targets.labels(alert.target()), now, wall, r.firingSinceEpochMillis,
                    targets.isGroup(alert.target()), ConditionText.value(result)));
            if (e == AlertState.Event.RESOLVED) {
                r.firingSinceEpochMillis = 0;
            }
        }
        if (!r.state.firing()) {
            r.firingSinceEpochMillis = 0;
        }
    }
}
