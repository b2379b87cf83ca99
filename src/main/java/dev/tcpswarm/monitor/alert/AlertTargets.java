package dev.tcpswarm.monitor.alert;

import dev.tcpswarm.monitor.ResultWindow;
import dev.tcpswarm.monitor.Standing;
import java.util.Map;

/**
 * What the alerts read of the services and groups they watch. The monitor's targets implement it;
 * tests may give a table. Called on the pipeline thread.
 */
public interface AlertTargets {
    /** The service's or group's state, reason and since-time. */
    Standing standing(String target);

    /** A service's probes since {@code sinceNanos}, or all of a group's members' together. */
    ResultWindow.Stats window(String target, long sinceNanos);

    /** The DOWN group that holds back alerts on {@code target}, or null. */
    String holdingGroup(String target);

    /** An access log's latest window, or null before its first final second. */
    default dev.tcpswarm.monitor.TrafficWindow traffic(String log) {
        return null;
    }

    /** True when {@code target} is a group (its notices say {@code group}, not {@code service}). */
    default boolean isGroup(String target) {
        return false;
    }

    /** The labels its notifications carry. */
    Map<String, String> labels(String target);
}
