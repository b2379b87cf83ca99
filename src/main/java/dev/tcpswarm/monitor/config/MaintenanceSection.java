package dev.tcpswarm.monitor.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code maintenance}: planned windows per service or group, one-off ({@code from}, {@code to}) or
 * recurring ({@code every: sunday 02:00}, {@code for: 2h}, {@code timezone: Europe/Berlin}). A
 * group's window covers its members too. Read after the services and groups; stateless.
 */
public final class MaintenanceSection implements ConfigSection<MaintenanceSchedule> {
    public static final MaintenanceSection INSTANCE = new MaintenanceSection();
    private static final Set<String> KEYS = Set.of("name", "targets", "from", "to", "every", "for", "timezone");

    private MaintenanceSection() {
    }

    @Override
    public String key() {
        return "maintenance";
    }

    @Override
    public MaintenanceSchedule read(ConfigNode list, Earlier earlier) throws ConfigException {
        List<ServiceConfig> services = earlier.get(ServicesSection.INSTANCE);
        List<GroupConfig> groups = earlier.get(GroupsSection.INSTANCE);
        List<MaintenanceWindow> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> item : ConfigValues.namedItems(list, KEYS,
                "a maintenance window: a mapping with name, targets, and from/to or every/for/timezone").entrySet()) {
            ConfigNode w = item.getValue();
            Set<String> covered = new LinkedHashSet<>();
            Set<String> named = new LinkedHashSet<>();
            ConfigNode targets = w.get("targets");
            if (!targets.present() || targets.texts().isEmpty()) {
                throw targets.error("missing: list the services or groups the window covers");
            }
            for (ConfigNode t : targets.isList() ? targets.items() : List.of(targets)) {
                String name = t.text();
                GroupConfig group = groups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
                if (group != null) {
                    named.add(name);
                    covered.addAll(group.members());
                } else if (services.stream().anyMatch(s -> s.name().equals(name))) {
                    covered.add(name);
                } else {
                    throw t.error("no service or group named '" + name + "'");
                }
            }
            out.add(w.get("every").present() ? recurring(item.getKey(), w, covered, named)
                    : oneOff(item.getKey(), w, covered, named));
        }
        return new MaintenanceSchedule(out);
    }

    private static MaintenanceWindow oneOff(String name, ConfigNode w, Set<String> services, Set<String> groups)
            throws ConfigException {
        if (w.get("for").present()) {
            throw w.get("for").error("for is for a recurring window (with every); a one-off window has from and to");
        }
        if (!w.get("from").present() && !w.get("to").present()) {
            throw w.error("give from and to (a one-off window) or every, for and timezone (a recurring one)");
        }
        ZoneId zone = w.get("timezone").present() ? zone(w.get("timezone")) : null;
        Instant from = instant(w.get("from"), zone);
        Instant to = instant(w.get("to"), zone);
        if (!to.isAfter(from)) {
            throw w.get("to").error("must be after from (" + from + ")");
        }
        return new MaintenanceWindow(name, services, groups, from, to, null, null, null, zone);
    }

    private static MaintenanceWindow recurring(String name, ConfigNode w, Set<String> services, Set<String> groups)
            throws ConfigException {
        for (String key : List.of("from", "to")) {
            if (w.get(key).present()) {
                throw w.get(key).error(key + " is for a one-off window; a recurring one has every, for and timezone");
            }
        }
        ConfigNode every = w.get("every");
        String[] parts = every.text().toLowerCase(Locale.ROOT).split("\\s+");
        DayOfWeek day;
        LocalTime at;
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            day = parts[0].equals("day") || parts[0].equals("daily") ? null
                    : DayOfWeek.valueOf(parts[0].replaceAll("s$", "").toUpperCase(Locale.ROOT));
            at = LocalTime.parse(parts[1]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw every.error("'" + every.text() + "' is not a recurrence: write a day and a local time, e.g. "
                    + "'sunday 02:00' or 'day 03:30'");
        }
        ConfigNode length = w.get("for");
        if (!length.present()) {
            throw length.error("missing: how long each window lasts, e.g. 2h");
        }
        Duration d = Duration.ofNanos(length.durationNanos());
        Duration period = Duration.ofDays(day == null ? 1 : 7);
        if (d.compareTo(period) >= 0) {
            throw length.error("must be shorter than the recurrence (" + (day == null ? "a day" : "a week") + ")");
        }
        ConfigNode tz = w.get("timezone");
        if (!tz.present()) {
            throw tz.error("missing: the time zone of '" + every.text() + "', e.g. Europe/Berlin or UTC");
        }
        return new MaintenanceWindow(name, services, groups, null, null, day, at, d, zone(tz));
    }

    private static ZoneId zone(ConfigNode node) throws ConfigException {
        try {
            return ZoneId.of(node.text());
        } catch (DateTimeException e) {
            throw node.error("'" + node.text() + "' is not a time zone: use a region such as Europe/Berlin, or UTC");
        }
    }

    /** {@code 2026-12-10T02:00:00Z} (or with an offset); a local date-time when the window names its zone. */
    private static Instant instant(ConfigNode node, ZoneId zone) throws ConfigException {
        String text = node.text();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            if (zone != null) {
                try {
                    return LocalDateTime.parse(text).atZone(zone).toInstant();
                } catch (DateTimeParseException ignored) {
                    // the message below
                }
            }
        }
        throw node.error("'" + text + "' is not a time: write e.g. 2026-12-10T02:00:00Z, or 2026-12-10T03:00:00+01:00"
                + (zone == null ? " (or a local time with timezone)" : ""));
    }

    @Override
    public String describe(MaintenanceSchedule value) {
        return value.windows().size() + " maintenance windows";
    }
}
