package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertTargets;
import dev.tcpswarm.monitor.config.GroupConfig;
import dev.tcpswarm.monitor.config.LogConfig;
import dev.tcpswarm.monitor.config.MaintenanceSchedule;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The services and groups being judged, and who belongs to whom: a probe's result goes to its
 * service, a service's change to the groups it is a member of; and the access logs, each with its
 * latest window. Also what the alerts read of them (states, windows, the group holding back a
 * member's alerts, labels). Pipeline thread only.
 */
final class Targets implements AlertTargets {
    private final Map<String, ServiceHealth> services = new LinkedHashMap<>();
    private final Map<String, GroupConfig> groupConfigs = new LinkedHashMap<>();
    private final Map<String, Standing> groups = new LinkedHashMap<>();
    private final Map<String, List<GroupConfig>> groupsOfService = new HashMap<>();
    private final Map<String, Standing> logs = new LinkedHashMap<>();
    private final Map<String, TrafficWindow> trafficWindows = new LinkedHashMap<>();
    private MonitorConfig config;
    private final ZoneId zone;

    /** @param zone the zone in which a maintenance reason gives its end time (the logs') */
    Targets(ZoneId zone) {
        this.zone = zone;
    }

    Map<String, ServiceHealth> services() {
        return services;
    }

    Map<String, Standing> groups() {
        return groups;
    }

    /**
     * Puts {@code next} in force: the services in {@code keep} go on as they are, the others start
     * afresh; groups keep their standing by name.
     */
    void install(MonitorConfig next, Map<String, ServiceHealth> keep) {
        Map<String, Standing> oldLogs = new HashMap<>(logs);
        logs.clear();
        for (LogConfig l : next.logs()) {
            Standing old = oldLogs.get(l.name());
            boolean same = old != null && config.log(l.name()).equals(next.log(l.name()));
            logs.put(l.name(), same ? old : new Standing(l.name(), false, "no line read yet"));
            if (!same) {
                trafficWindows.remove(l.name());
            }
        }
        trafficWindows.keySet().retainAll(logs.keySet());
        Map<String, Standing> oldGroups = new HashMap<>(groups);
        config = next;
        services.clear();
        for (ServiceConfig s : next.services()) {
            ServiceHealth kept = keep.get(s.name());
            services.put(s.name(), kept != null ? kept
                    : new ServiceHealth(s.name(), s.evaluation(), s.tls(), ReloadDiff.retention(next, s)));
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
    }

    /** Takes up the remembered states of the services and groups still configured. */
    void resume(List<Resume.LastState> states) {
        for (Resume.LastState s : states) {
            Standing standing = s.group() ? groups.get(s.name())
                    : services.containsKey(s.name()) ? services.get(s.name()).standing() : null;
            if (standing != null && s.state() != ServiceState.UNKNOWN) {
                standing.resume(s.state(), s.reason(), s.sinceEpochMillis());
            }
        }
    }

    /**
     * One probe's result: its service's change (if any) goes to {@code changes}, then its groups'.
     *
     * @return false when the service is not configured (removed by a reload while it was in flight)
     */
    boolean apply(ProbeResult r, Consumer<ProbeResult> probed, Consumer<StateChange> changes) {
        ServiceHealth health = services.get(r.service());
        if (health == null) {
            return false;
        }
        StateChange change = health.apply(r);
        String window = health.standing().maintenance();
        probed.accept(window == null ? r : r.inMaintenance(window));
        if (change != null) {
            changes.accept(change);
            for (GroupConfig g : groupsOfService.getOrDefault(r.service(), List.of())) {
                judge(g, r.startNanos(), r.epochMillis(), changes);
            }
        }
        return true;
    }

    /**
     * An access log's window: what its alerts read from now on. The first one moves the log to UP
     * (it is being read), quietly: a log has no states to report, only its traffic.
     *
     * @return false when the log is not configured (removed by a reload)
     */
    boolean traffic(TrafficWindow w, long nowNanos, long epochMillis) {
        Standing standing = logs.get(w.source());
        if (standing == null) {
            return false;
        }
        trafficWindows.put(w.source(), w);
        standing.moveTo(ServiceState.UP, "reading", nowNanos, epochMillis);
        return true;
    }

    Map<String, TrafficWindow> trafficWindows() {
        return trafficWindows;
    }

    @Override
    public TrafficWindow traffic(String log) {
        return trafficWindows.get(log);
    }

    /** Judges every group again (after a reload). */
    void judgeGroups(long nowNanos, long epochMillis, Consumer<StateChange> changes) {
        for (GroupConfig g : groupConfigs.values()) {
            judge(g, nowNanos, epochMillis, changes);
        }
    }

    /**
     * Puts each service and group in or out of maintenance by the windows in force at
     * {@code epochMillis}, changes first for the services, then for the groups (judged again, as
     * their members in a window count no more). A group is in maintenance when a window names it,
     * or when every member is in one.
     */
    void maintain(MaintenanceSchedule schedule, long nowNanos, long epochMillis, Consumer<StateChange> changes) {
        Instant now = Instant.ofEpochMilli(epochMillis);
        boolean moved = false;
        for (ServiceHealth h : services.values()) {
            StateChange c = maintain(h.standing(), schedule.service(h.name(), now), nowNanos, epochMillis);
            if (c != null) {
                changes.accept(c);
                moved = true;
            }
        }
        if (moved) {
            judgeGroups(nowNanos, epochMillis, changes); // on the members out of maintenance now
        }
        for (GroupConfig g : groupConfigs.values()) {
            MaintenanceSchedule.Active named = schedule.group(g.name(), now);
            Standing group = groups.get(g.name());
            StateChange c;
            if (named != null) {
                c = maintain(group, named, nowNanos, epochMillis);
            } else if (g.members().stream().allMatch(m -> services.get(m).standing().maintenance() != null)) {
                c = group.maintain("members", "every member in maintenance", nowNanos, epochMillis);
            } else {
                c = group.maintain(null, null, nowNanos, epochMillis);
            }
            if (c != null) {
                changes.accept(c);
            }
        }
    }

    private StateChange maintain(Standing standing, MaintenanceSchedule.Active active, long nowNanos, long epochMillis) {
        if (active == null) {
            return standing.maintain(null, null, nowNanos, epochMillis);
        }
        return standing.maintain(active.window().name(), "maintenance " + active.window().name() + " until "
                + Timestamps.local(active.span().end().toEpochMilli(), zone), nowNanos, epochMillis);
    }

    private void judge(GroupConfig g, long nowNanos, long epochMillis, Consumer<StateChange> changes) {
        Map<String, ServiceState> states = new HashMap<>();
        List<String> judged = new ArrayList<>();
        for (String m : g.members()) {
            Standing member = services.get(m).standing();
            if (member.maintenance() == null) {
                states.put(m, member.state());
                judged.add(m);
            }
        }
        if (judged.isEmpty()) {
            return; // every member in maintenance: so is the group (maintain)
        }
        GroupHealth.Judgement j = judged.size() == g.members().size() ? GroupHealth.evaluate(g, states)
                : inMaintenanceToo(GroupHealth.evaluate(g.withMembers(judged), states), g, judged);
        StateChange change = groups.get(g.name()).moveTo(j.state(), j.reason(), nowNanos, epochMillis);
        if (change != null) {
            changes.accept(change);
        }
    }

    /** A judgement on some members, its reason naming the others, which are in maintenance. */
    private static GroupHealth.Judgement inMaintenanceToo(GroupHealth.Judgement j, GroupConfig g, List<String> judged) {
        List<String> out = g.members().stream().filter(m -> !judged.contains(m)).toList();
        return new GroupHealth.Judgement(j.state(), j.reason() + "; " + out.size() + " in maintenance: "
                + String.join(", ", out));
    }

    @Override
    public Standing standing(String target) {
        ServiceHealth s = services.get(target);
        if (s != null) {
            return s.standing();
        }
        Standing g = groups.get(target);
        return g != null ? g : logs.get(target);
    }

    @Override
    public ResultWindow.Stats window(String target, long sinceNanos) {
        ServiceHealth s = services.get(target);
        if (s != null) {
            return s.window().since(sinceNanos);
        }
        List<ResultWindow.Stats> members = new ArrayList<>();
        for (String m : groupConfigs.get(target).members()) {
            members.add(services.get(m).window().since(sinceNanos));
        }
        return ResultWindow.Stats.merge(members);
    }

    @Override
    public String holdingGroup(String target) {
        for (GroupConfig g : groupsOfService.getOrDefault(target, List.of())) {
            if (g.suppressMemberAlerts() && groups.get(g.name()).state() == ServiceState.DOWN) {
                return g.name();
            }
        }
        return null;
    }

    @Override
    public boolean isGroup(String target) {
        return groupConfigs.containsKey(target);
    }

    @Override
    public Map<String, String> labels(String target) {
        return config.service(target).map(ServiceConfig::labels)
                .orElseGet(() -> config.group(target).map(GroupConfig::labels)
                        .orElseGet(() -> config.log(target).map(LogConfig::labels).orElse(Map.of())));
    }
}
