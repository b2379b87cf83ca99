package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.AlertConfig;
import dev.tcpswarm.monitor.config.GroupConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's logic, without threads or I/O: probe results in, states (services, then their
 * groups), alert decisions, summaries and reloads out to the {@link MonitorListener}. Time comes
 * from the {@link MonitorClock}, so tests drive hours of monitoring with a manual clock. The runtime
 * calls it from one thread (the pipeline thread); so do tests.
 */
public final class MonitorCore {
    private final MonitorClock clock;
    private final MonitorListener listener;
    private MonitorConfig config;
    private final Map<String, ServiceHealth> services = new LinkedHashMap<>();
    private final Map<String, GroupConfig> groupConfigs = new LinkedHashMap<>();
    private final Map<String, Standing> groups = new LinkedHashMap<>();
    private final Map<String, List<GroupConfig>> groupsOfService = new HashMap<>();
    private final Map<String, AlertRun> alerts = new LinkedHashMap<>();
    private long periodStartMillis;
    private long nextSummaryMillis;
    private boolean finished;

    private static final class AlertRun {
        final AlertConfig config;
        final AlertState state;
        long nextCheckNanos;
        long firingSinceEpochMillis;

        AlertRun(AlertConfig config, long firstCheckNanos) {
            this.config = config;
            this.state = new AlertState(config.failureThreshold(), config.successThreshold(), config.sendResolved(),
                    config.reminderNanos());
            this.nextCheckNanos = firstCheckNanos;
        }
    }

    public MonitorCore(MonitorConfig config, MonitorClock clock, MonitorListener listener) {
        this.clock = clock;
        this.listener = listener;
        install(config, Map.of(), Map.of());
    }

    public MonitorConfig config() {
        return config;
    }

    /** Tells the sinks that monitoring starts; the first summary period begins now. */
    public void start() {
        periodStartMillis = clock.epochMillis();
        nextSummaryMillis = nextBoundary(periodStartMillis);
        listener.started(config);
    }

    /**
     * Starts from where an earlier run stopped (before {@link #start}): the services and groups named
     * in the config take up their remembered state, reason and since-time, and the alerts that were
     * firing go on firing without a new message. Names no longer in the config are ignored.
     */
    public void resume(Resume resume) {
        for (Resume.LastState s : resume.states()) {
            Standing standing = s.group() ? groups.get(s.name())
                    : services.containsKey(s.name()) ? services.get(s.name()).standing() : null;
            if (standing != null && s.state() != ServiceState.UNKNOWN) {
                standing.resume(s.state(), s.reason(), s.sinceEpochMillis());
            }
        }
        long now = clock.nanoTime();
        long wall = clock.epochMillis();
        for (Resume.LastAlert a : resume.alerts()) {
            AlertRun run = alerts.get(a.alert());
            if (run != null) {
                run.state.resume(now - Math.max(0, wall - a.firingSinceEpochMillis()) * 1_000_000L,
                        now - Math.max(0, wall - a.lastSentEpochMillis()) * 1_000_000L);
                run.firingSinceEpochMillis = a.firingSinceEpochMillis();
            }
        }
    }

    /** The services' health, in config order. */
    public Map<String, ServiceHealth> services() {
        return services;
    }

    /** The groups' states, in config order. */
    public Map<String, Standing> groups() {
        return groups;
    }

    /** True while the named alert is firing. */
    public boolean firing(String alert) {
        AlertRun run = alerts.get(alert);
        return run != null && run.state.firing();
    }

    /** One probe's result: the service's state, then its groups', then the sinks. */
    public void onResult(ProbeResult r) {
        ServiceHealth health = services.get(r.service());
        if (health == null) {
            return; // removed by a reload while it was in flight
        }
        StateChange change = health.apply(r);
        listener.probed(r);
        if (change != null) {
            listener.stateChanged(change);
            for (GroupConfig g : groupsOfService.getOrDefault(r.service(), List.of())) {
                judgeGroup(g, r.startNanos(), r.epochMillis());
            }
        }
    }

    /** A notification's outcome, reported by the notifier. */
    public void onNotification(NotificationOutcome outcome) {
        listener.notified(outcome);
    }

    private void judgeGroup(GroupConfig g, long nowNanos, long epochMillis) {
        Map<String, ServiceState> states = new HashMap<>();
        for (String m : g.members()) {
            states.put(m, services.get(m).standing().state());
        }
        GroupHealth.Judgement j = GroupHealth.evaluate(g, states);
        StateChange change = groups.get(g.name()).moveTo(j.state(), j.reason(), nowNanos, epochMillis);
        if (change != null) {
            listener.stateChanged(change);
        }
    }

    /** When {@link #tick()} has work next (monotonic nanoseconds). */
    public long nextDueNanos() {
        long next = clock.nanoTime() + Math.max(0, nextSummaryMillis - clock.epochMillis()) * 1_000_000L;
        for (AlertRun a : alerts.values()) {
            next = Math.min(next, a.nextCheckNanos);
        }
        return next;
    }

    /** Runs the alert checks and the summary that are due. */
    public void tick() {
        long now = clock.nanoTime();
        for (AlertRun a : alerts.values()) {
            if (a.nextCheckNanos <= now) {
                check(a, now);
                a.nextCheckNanos += a.config.checkEveryNanos();
                if (a.nextCheckNanos <= now) {
                    a.nextCheckNanos = now + a.config.checkEveryNanos();
                }
            }
        }
        long wall = clock.epochMillis();
        if (wall >= nextSummaryMillis) {
            listener.summary(new SummaryPeriod(periodStartMillis, nextSummaryMillis, false));
            periodStartMillis = nextSummaryMillis;
            nextSummaryMillis = nextBoundary(Math.max(wall, periodStartMillis));
        }
    }

    /** The final summary (everything since the last one) and the stop; once. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        listener.summary(new SummaryPeriod(periodStartMillis, Math.max(periodStartMillis, clock.epochMillis()), true));
        listener.stopped();
    }

    /**
     * The next summary time after {@code fromMillis}: a multiple of {@code summary_every} counted from
     * local midnight, and never past the next midnight (so a period never spans two daily files).
     */
    long nextBoundary(long fromMillis) {
        ZoneId zone = clock.zone();
        LocalDate day = Instant.ofEpochMilli(fromMillis).atZone(zone).toLocalDate();
        long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long nextMidnight = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long every = Math.max(1, config.logging().summaryEveryNanos() / 1_000_000L);
        long k = (fromMillis - midnight) / every + 1;
        return Math.min(midnight + k * every, nextMidnight);
    }

    private void check(AlertRun a, long now) {
        Condition c = evaluate(a.config, now);
        boolean suppressed = suppressed(a.config.target());
        for (AlertState.Event e : a.state.next(c.bad, suppressed, now)) {
            long wall = clock.epochMillis();
            if (e == AlertState.Event.FIRING || e == AlertState.Event.SUPPRESSED) {
                if (a.firingSinceEpochMillis == 0) {
                    a.firingSinceEpochMillis = wall;
                }
            }
            ServiceHealth s = services.get(a.config.target());
            AlertEvent event = new AlertEvent(a.config.name(), a.config.target(), e, targetState(a.config.target()),
                    e == AlertState.Event.SUPPRESSED ? c.message + "; held back: " + suppressingGroup(a.config.target())
                            + " is DOWN" : c.message,
                    a.config.channels(), s == null ? Map.of() : configOf(s.name()).labels(), now, wall,
                    a.firingSinceEpochMillis);
            if (e == AlertState.Event.RESOLVED) {
                a.firingSinceEpochMillis = 0;
            }
            listener.alert(event);
        }
        if (!a.state.firing()) {
            a.firingSinceEpochMillis = 0;
        }
    }

    private ServiceConfig configOf(String service) {
        return config.service(service).orElseThrow();
    }

    private record Condition(boolean bad, String message) {
    }

    private Standing standingOf(String target) {
        ServiceHealth s = services.get(target);
        return s != null ? s.standing() : groups.get(target);
    }

    private ServiceState targetState(String target) {
        return standingOf(target).state();
    }

    private Condition evaluate(AlertConfig alert, long now) {
        String target = alert.target();
        if (alert.condition() instanceof AlertConfig.StateCondition sc) {
            ServiceState state = targetState(target);
            String reason = standingOf(target).reason();
            boolean bad = switch (sc.when()) {
                case DOWN -> state == ServiceState.DOWN;
                case DEGRADED -> state == ServiceState.DOWN || state == ServiceState.DEGRADED;
                case NOT_UP -> state != ServiceState.UP;
            };
            return new Condition(bad, target + " " + state + " (" + reason + ")");
        }
        AlertConfig.WindowCondition wc = (AlertConfig.WindowCondition) alert.condition();
        ResultWindow.Stats stats = windowStats(target, now - wc.overNanos());
        String over = " over " + Figures.duration(wc.overNanos());
        if (wc.stat().isRatio()) {
            if (stats.count() == 0) {
                return new Condition(false, target + " no probes" + over);
            }
            double value = wc.stat() == AlertConfig.Stat.SUCCESS_RATIO ? stats.successRatio() : 1 - stats.successRatio();
            boolean bad = wc.above() ? value > wc.limit() : value < wc.limit();
            String op = bad ? (wc.above() ? " > " : " < ") : (wc.above() ? " <= " : " >= ");
            return new Condition(bad, target + " " + wc.stat().key() + " " + Figures.percent(value) + op
                    + Figures.limitPercent(wc.limit()) + over);
        }
        if (stats.open() == 0) {
            return new Condition(false, target + " no open probes" + over);
        }
        long value = wc.stat() == AlertConfig.Stat.AVG ? stats.average() : stats.percentile(wc.stat().percentile());
        long limit = (long) wc.limit();
        boolean bad = wc.above() ? value > limit : value < limit;
        String op = bad ? (wc.above() ? " > " : " < ") : (wc.above() ? " <= " : " >= ");
        return new Condition(bad, target + " " + wc.stat().key() + " " + Figures.millis(value) + op + Figures.millis(limit)
                + over);
    }

    /** A service's window, or all of a group's members' windows together. */
    private ResultWindow.Stats windowStats(String target, long since) {
        ServiceHealth s = services.get(target);
        if (s != null) {
            return s.window().since(since);
        }
        int count = 0;
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        for (String m : groupConfigs.get(target).members()) {
            ResultWindow.Stats st = services.get(m).window().since(since);
            count += st.count();
            parts.add(st.openLatencies());
            total += st.open();
        }
        long[] all = new long[total];
        int i = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        java.util.Arrays.sort(all);
        return new ResultWindow.Stats(count, all);
    }

    private boolean suppressed(String target) {
        return suppressingGroup(target) != null;
    }

    /** The DOWN group that holds back alerts on {@code target}, or null. */
    private String suppressingGroup(String target) {
        for (GroupConfig g : groupsOfService.getOrDefault(target, List.of())) {
            if (g.suppressMemberAlerts() && groups.get(g.name()).state() == ServiceState.DOWN) {
                return g.name();
            }
        }
        return null;
    }

    /**
     * Puts {@code next} in force: services whose definition is unchanged keep their state and window,
     * changed ones start afresh, removed ones are gone (and the sinks told); alerts likewise.
     */
    public ConfigChanges reload(MonitorConfig next) {
        Map<String, ServiceHealth> oldServices = new LinkedHashMap<>(services);
        Map<String, AlertRun> oldAlerts = new LinkedHashMap<>(alerts);
        MonitorConfig previous = config;
        Set<String> added = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>(oldServices.keySet());
        Set<String> changed = new LinkedHashSet<>();
        Map<String, ServiceHealth> keep = new HashMap<>();
        for (ServiceConfig s : next.services()) {
            removed.remove(s.name());
            ServiceConfig before = previous.service(s.name()).orElse(null);
            if (before == null) {
                added.add(s.name());
            } else if (!before.equals(s) || oldServices.get(s.name()).window().retentionNanos() != retention(next, s)) {
                changed.add(s.name());
            } else {
                keep.put(s.name(), oldServices.get(s.name()));
            }
        }
        Set<String> removedGroups = new LinkedHashSet<>(groups.keySet());
        next.groups().forEach(g -> removedGroups.remove(g.name()));
        Map<String, AlertRun> keepAlerts = new HashMap<>();
        for (AlertConfig a : next.alerts()) {
            AlertRun old = oldAlerts.get(a.name());
            if (old != null && old.config.equals(a)) {
                keepAlerts.put(a.name(), old);
            }
        }
        install(next, keep, keepAlerts);
        ConfigChanges changes = new ConfigChanges(added, removed, changed, removedGroups);
        listener.reloaded(next, changes);
        long now = clock.nanoTime();
        long wall = clock.epochMillis();
        for (GroupConfig g : groupConfigs.values()) {
            judgeGroup(g, now, wall);
        }
        return changes;
    }

    private void install(MonitorConfig next, Map<String, ServiceHealth> keep, Map<String, AlertRun> keepAlerts) {
        Map<String, Standing> oldGroups = new HashMap<>(groups);
        config = next;
        services.clear();
        for (ServiceConfig s : next.services()) {
            ServiceHealth kept = keep.get(s.name());
            services.put(s.name(), kept != null ? kept : new ServiceHealth(s.name(), s.evaluation(), s.tls(), retention(next, s)));
        }
        groups.clear();
        groupConfigs.clear();
        groupsOfService.clear();
        for (GroupConfig g : next.groups()) {
            Standing old = oldGroups.get(g.name());
            groups.put(g.name(), old != null ? old : new Standing(g.name(), true, "no member judged yet"));
            groupConfigs.put(g.name(), g);
            for (String m : g.members()) {
                groupsOfService.computeIfAbsent(m, k -> new ArrayList<>()).add(g);
            }
        }
        alerts.clear();
        long now = clock.nanoTime();
        for (AlertConfig a : next.alerts()) {
            AlertRun kept = keepAlerts.get(a.name());
            alerts.put(a.name(), kept != null ? kept : new AlertRun(a, now + a.checkEveryNanos()));
        }
    }

    /** How long a service's window keeps probes: its rules' window, or an alert's longer one. */
    private static long retention(MonitorConfig config, ServiceConfig s) {
        long r = s.evaluation().windowNanos();
        for (AlertConfig a : config.alerts()) {
            if (a.condition() instanceof AlertConfig.WindowCondition wc) {
                boolean mine = a.target().equals(s.name()) || config.group(a.target())
                        .map(g -> g.members().contains(s.name())).orElse(false);
                if (mine) {
                    r = Math.max(r, wc.overNanos());
                }
            }
        }
        return r;
    }

    /** Local date-time text of {@code epochMillis}: {@code 2025-10-08 14:30:00}. */
    public static String timestamp(long epochMillis, ZoneId zone) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
}
