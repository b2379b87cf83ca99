package dev.tcpswarm.monitor.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code groups}: services judged together, by a policy. Stateless. */
public final class GroupsSection implements ConfigSection<List<GroupConfig>> {
    public static final GroupsSection INSTANCE = new GroupsSection();
    private static final Set<String> KEYS =
            Set.of("name", "members", "policy", "min_up", "min_degraded", "weights", "up_at_least", "down_at_most", "suppress_member_alerts");

    private GroupsSection() {
    }

    @Override
    public String key() {
        return "groups";
    }

    @Override
    public List<GroupConfig> read(ConfigNode list, Earlier earlier) throws ConfigException {
        Set<String> serviceNames = new HashSet<>();
        earlier.get(ServicesSection.INSTANCE).forEach(s -> serviceNames.add(s.name()));
        List<GroupConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : ConfigValues.namedItems(list, KEYS,
                "a group: a mapping with name, members and policy").entrySet()) {
            String name = item.getKey();
            ConfigNode g = item.getValue();
            if (LogsSection.find(earlier.get(LogsSection.INSTANCE), name) != null) {
                throw g.get("name").error("'" + name + "' is already a log: groups and logs need distinct names");
            }
            if (serviceNames.contains(name)) {
                throw g.get("name").error("'" + name + "' is already a service: groups and services need distinct names");
            }
            List<String> members = new ArrayList<>();
            ConfigNode membersNode = g.get("members");
            if (!membersNode.present()) {
                throw membersNode.error("missing: list the member services");
            }
            for (ConfigNode m : membersNode.items()) {
                String member = m.text();
                if (!serviceNames.contains(member)) {
                    throw m.error("no service named '" + member + "' (members are services)");
                }
                if (members.contains(member)) {
                    throw m.error("'" + member + "' is listed twice");
                }
                members.add(member);
            }
            if (members.isEmpty()) {
                throw membersNode.error("a group needs at least one member");
            }
            ConfigNode policyNode = g.get("policy");
            GroupConfig.Policy policy;
            try {
                policy = GroupConfig.Policy.valueOf(policyNode.text("all").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw policyNode.error("'" + policyNode.text() + "' is not a policy: use all, any, quorum or weighted");
            }
            int minUp = 0;
            int minDegraded = 0;
            if (policy == GroupConfig.Policy.QUORUM) {
                ConfigNode min = g.get("min_up");
                if (!min.present()) {
                    throw min.error("missing: quorum needs min_up (how many members must be up)");
                }
                minUp = memberCount(min, members.size());
                ConfigNode degraded = g.get("min_degraded");
                minDegraded = degraded.present() ? memberCount(degraded, members.size()) : minUp;
                if (minDegraded > minUp) {
                    throw degraded.error("must be at most min_up (" + minUp + "): DEGRADED lies between UP and DOWN");
                }
            } else {
                for (String key : List.of("min_up", "min_degraded")) {
                    if (g.get(key).present()) {
                        throw g.get(key).error(key + " is for policy quorum");
                    }
                }
            }
            Map<String, Double> weights = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> w : g.get("weights").entries().entrySet()) {
                if (!members.contains(w.getKey())) {
                    throw w.getValue().error("'" + w.getKey() + "' is not a member of this group");
                }
                weights.put(w.getKey(), w.getValue().number(0, 1e9, false));
            }
            if (policy != GroupConfig.Policy.WEIGHTED && !weights.isEmpty()) {
                throw g.get("weights").error("weights are for policy weighted");
            }
            double upAtLeast = g.get("up_at_least").present() ? g.get("up_at_least").number(0, 1, true) : 1.0;
            double downAtMost = g.get("down_at_most").present() ? g.get("down_at_most").number(0, 1, true) : 0.0;
            if (downAtMost >= upAtLeast) {
                throw g.get("down_at_most").error("must be below up_at_least (" + upAtLeast + ")");
            }
            out.add(new GroupConfig(name, List.copyOf(members), policy, minUp, minDegraded, Map.copyOf(weights), upAtLeast, downAtMost,
                    g.get("suppress_member_alerts").bool(false), earlier.get(DefaultsSection.INSTANCE).labels()));
        }
        return List.copyOf(out);
    }

    /** A count of members: a number (1 to the group's size), {@code all}, or {@code majority} (more than half). */
    private static int memberCount(ConfigNode node, int members) throws ConfigException {
        String text = node.text();
        if (text.equals("all")) {
            return members;
        }
        if (text.equals("majority")) {
            return members / 2 + 1;
        }
        if (!text.matches("-?\\d+")) {
            throw node.error("'" + text + "' is not a count of members: use a number (1-" + members + "), all or majority");
        }
        return node.integer(1, members);
    }
}
