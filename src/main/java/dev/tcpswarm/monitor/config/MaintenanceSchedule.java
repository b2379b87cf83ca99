package dev.tcpswarm.monitor.config;

import java.time.Instant;
import java.util.List;

/**
 * The {@code maintenance} section: every window, and which one covers a service or a group at a
 * given time. Immutable; pure (the pipeline thread asks it).
 */
public record MaintenanceSchedule(List<MaintenanceWindow> windows) {
    /** No windows. */
    public static final MaintenanceSchedule NONE = new MaintenanceSchedule(List.of());

    public MaintenanceSchedule {
        windows = List.copyOf(windows);
    }

    /** A window in force: which one, and its occurrence. */
    public record Active(MaintenanceWindow window, MaintenanceWindow.Span span) {
    }

    /** The window covering service {@code name} at {@code t} (the first listed when several do), or null. */
    public Active service(String name, Instant t) {
        for (MaintenanceWindow w : windows) {
            MaintenanceWindow.Span s = w.services().contains(name) ? w.at(t) : null;
            if (s != null) {
                return new Active(w, s);
            }
        }
        return null;
    }

    /** The window naming group {@code name} at {@code t}, or null. */
    public Active group(String name, Instant t) {
        for (MaintenanceWindow w : windows) {
            MaintenanceWindow.Span s = w.groups().contains(name) ? w.at(t) : null;
            if (s != null) {
                return new Active(w, s);
            }
        }
        return null;
    }

    /** The first start or end of any window after {@code t}, or null. */
    public Instant nextChangeAfter(Instant t) {
        Instant next = null;
        for (MaintenanceWindow w : windows) {
            Instant n = w.nextChangeAfter(t);
            if (n != null && (next == null || n.isBefore(next))) {
                next = n;
            }
        }
        return next;
    }
}
