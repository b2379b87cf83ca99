package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.AlertConfig;
import dev.tcpswarm.monitor.config.GroupConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a reload changes: the services added, removed and changed (a changed definition, or a window
 * that must keep probes longer or shorter), the groups removed, and the services that go on as they
 * are. Pure: made from the running config, the running services and the next config.
 *
 * @param keep the running services whose definition and window are unchanged, by name
 */
record ReloadDiff(ConfigChanges changes, Map<String, ServiceHealth> keep) {

    static ReloadDiff of(MonitorConfig previous, Map<String, ServiceHealth> running, MonitorConfig next) {
        Set<String> added = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>(running.keySet());
        Set<String> changed = new LinkedHashSet<>();
        Map<String, ServiceHealth> keep = new HashMap<>();
        for (ServiceConfig s : next.services()) {
            removed.remove(s.name());
            ServiceConfig before = previous.service(s.name()).orElse(null);
            if (before == null) {
                added.add(s.name());
            } else if (!before.equals(s) || running.get(s.name()).window().retentionNanos() != retention(next, s)) {
                changed.add(s.name());
            } else {
                keep.put(s.name(), running.get(s.name()));
            }
        }
        Set<String> removedGroups = new LinkedHashSet<>();
        previous.groups().forEach(g -> removedGroups.add(g.name()));
        next.groups().forEach(g -> removedGroups.remove(g.name()));
        return new ReloadDiff(new ConfigChanges(added, removed, changed, removedGroups), keep);
    }

    /** How long a service's window keeps probes: its rules' window, or an alert's longer one. */
    static long retention(MonitorConfig config, ServiceConfig s) {
        long r = s.evaluation().windowNanos();
        for (AlertConfig a : config.alerts()) {
            if (a.condition() instanceof AlertConfig.WindowCondition wc) {
                boolean mine = a.target().equals(s.name())
                        || config.group(a.target()).map((GroupConfig g) -> g.members().contains(s.name())).orElse(false);
                if (mine) {
                    r = Math.max(r, wc.overNanos());
                }
            }
        }
        return r;
    }
}
