package dev.tcpswarm.monitor;

import java.util.Set;

/**
 * What a reload changed, by name: services added, removed, or changed (these start afresh, UNKNOWN),
 * and groups removed.
 */
public record ConfigChanges(Set<String> addedServices, Set<String> removedServices, Set<String> changedServices,
        Set<String> removedGroups) {
}
