package dev.tcpswarm.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.MonitorMetrics;
import dev.tcpswarm.monitor.TrafficWindow;
import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.config.AlertConfig;
import dev.tcpswarm.monitor.config.GroupConfig;
import dev.tcpswarm.monitor.config.LogConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import dev.tcpswarm.store.MinuteStats;
import dev.tcpswarm.store.StoreReader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The status page's JSON API, built with Jackson: {@code /api/services} (every group and service
 * in force with its state, why and since when, its last probe, and its uptime over 24 h, 7 d and
 * 30 d from the store) and {@code /api/services/{name}/history} (a service's minutes: probes,
 * failures, p50/p95/p99; and its state changes). Uptime is the share of probes that opened. Times
 * are ISO-8601 instants (UTC), except the minutes' {@code time}: epoch seconds, as the charts take
 * them. The HTTP threads call it; the board and the reader are thread-safe.
 */
public final class StatusApi {
    /** The uptime windows, by their name in the JSON. */
    static final Map<String, Long> WINDOWS = windows();
    /** The longest history one request may ask for. */
    static final long MAX_RANGE_MILLIS = TimeUnit.DAYS.toMillis(400);
    static final long DEFAULT_RANGE_MILLIS = TimeUnit.HOURS.toMillis(24);

    private final StatusBoard board;
    private final StoreReader reader;
    private final MonitorClock clock;
    private final ObjectMapper json = new ObjectMapper();
    /** How old the uptime figures may be. */
    static final long UPTIME_MAX_AGE_MILLIS = 15_000;
    private final Map<String, Uptime> uptimes = new java.util.concurrent.ConcurrentHashMap<>();

    public StatusApi(StatusBoard board, StoreReader reader, MonitorClock clock) {
        this.board = board;
        this.reader = reader;
        this.clock = clock;
    }

    private static Map<String, Long> windows() {
        Map<String, Long> w = new LinkedHashMap<>();
        w.put("24h", TimeUnit.HOURS.toMillis(24));
        w.put("7d", TimeUnit.DAYS.toMillis(7));
        w.put("30d", TimeUnit.DAYS.toMillis(30));
        return w;
    }

    ObjectMapper mapper() {
        return json;
    }

    /**
     * {@code /api/services}. It answers from memory when the store cannot be read: the uptime figures
     * are then the last ones read (null before any), and {@code store_error} says why.
     */
    public ObjectNode services() {
        long now = clock.epochMillis();
        MonitorConfig config = board.config();
        ObjectNode root = json.createObjectNode();
        root.put("time", iso(now));
        ArrayNode groups = root.putArray("groups");
        ArrayNode services = root.putArray("services");
        root.putNull("store_error");
        if (config == null) {
            return root;
        }
        String storeError = null;
        for (GroupConfig g : config.groups()) {
            ObjectNode o = groups.addObject();
            o.put("name", g.name());
            o.put("policy", g.policy().key());
            ArrayNode members = o.putArray("members");
            g.members().forEach(members::add);
            standing(o, board.group(g.name()));
            long latency = MonitorMetrics.averageConnectNanos(g.members(), m -> {
                StatusBoard.LastProbe last = board.lastProbe(m);
                return last == null ? null : last.connectNanos();
            });
            if (latency < 0) {
                o.putNull("connect_ms");
            } else {
                o.put("connect_ms", latency / 1e6);
            }
        }
        for (ServiceConfig s : config.services()) {
            ObjectNode o = services.addObject();
            o.put("name", s.name());
            ArrayNode in = o.putArray("groups");
            StatusBoard.groupsOf(config, s.name()).forEach(in::add);
            standing(o, board.service(s.name()));
            StatusBoard.LastProbe last = board.lastProbe(s.name());
            if (last == null) {
                o.putNull("last_probe");
            } else {
                ObjectNode p = o.putObject("last_probe");
                p.put("time", iso(last.epochMillis()));
                p.put("outcome", last.outcome());
                if (last.connectNanos() < 0) {
                    p.putNull("connect_ms");
                } else {
                    p.put("connect_ms", last.connectNanos() / 1e6);
                }
                if (s.tls() != null) {
                    tls(p, last, now);
                }
                if (s.conversation() != null) {
                    if (last.responseNanos() < 0) {
                        p.putNull("response_ms");
                    } else {
                        p.put("response_ms", last.responseNanos() / 1e6);
                    }
                    p.put("answer", last.answer()); // escaped by the engine; null when nothing was read
                }
            }
            Uptime u;
            try {
                u = uptime(s.name(), now);
            } catch (SQLException e) {
                storeError = "the store could not be read: " + e.getMessage();
                u = uptimes.getOrDefault(s.name(), noUptime());
            }
            o.set("uptime", u.uptime);
            o.set("probes", u.probes);
        }
        if (storeError != null) {
            root.put("store_error", storeError);
        }
        return root;
    }

    /** A TLS service's last handshake: its time apart from the connect's, and the certificate. */
    private static void tls(ObjectNode p, StatusBoard.LastProbe last, long nowMillis) {
        if (last.tlsNanos() < 0) {
            p.putNull("tls_ms");
        } else {
            p.put("tls_ms", last.tlsNanos() / 1e6);
        }
        if (last.alpn() == null) {
            p.putNull("alpn");
        } else {
            p.put("alpn", last.alpn());
        }
        CertificateFacts c = last.certificate();
        if (c == null) {
            p.putNull("certificate");
            return;
        }
        ObjectNode o = p.putObject("certificate");
        o.put("subject", c.subject());
        o.put("issuer", c.issuer());
        o.put("not_after", c.notAfter().toString());
        o.put("earliest_not_after", c.earliestNotAfter().toString());
        o.put("days_left", c.earliestDaysLeft(Instant.ofEpochMilli(nowMillis)));
    }

    /** The uptime of a service that no read of the store gave yet: every window null. */
    private Uptime noUptime() {
        ObjectNode uptime = json.createObjectNode();
        ObjectNode probes = json.createObjectNode();
        for (String w : WINDOWS.keySet()) {
            uptime.putNull(w);
            probes.putNull(w);
        }
        return new Uptime(uptime, probes, 0);
    }

    /** A service's uptime and probe counts per window, as computed at {@code atMillis}. */
    private record Uptime(ObjectNode uptime, ObjectNode probes, long atMillis) {
    }

    /**
     * The uptime windows of a service, computed again when they are older than
     * {@value #UPTIME_MAX_AGE_MILLIS} ms by the monitor's clock: a day's or a month's share hardly
     * moves in a few seconds, and every open page asks every few seconds.
     */
    private Uptime uptime(String service, long now) throws SQLException {
        Uptime cached = uptimes.get(service);
        if (cached != null && now - cached.atMillis < UPTIME_MAX_AGE_MILLIS && now >= cached.atMillis) {
            return cached;
        }
        ObjectNode uptime = json.createObjectNode();
        ObjectNode probes = json.createObjectNode();
        for (Map.Entry<String, Long> w : WINDOWS.entrySet()) {
            StoreReader.Counts c = reader.counts(service, now - w.getValue(), now + 1);
            probes.put(w.getKey(), c.probes());
            if (c.probes() == 0) {
                uptime.putNull(w.getKey());
            } else {
                uptime.put(w.getKey(), c.uptime());
            }
        }
        Uptime fresh = new Uptime(uptime, probes, now);
        uptimes.put(service, fresh);
        return fresh;
    }

    private static void standing(ObjectNode o, StatusBoard.Standing s) {
        o.put("state", s.state().key());
        o.put("reason", s.reason());
        if (s.sinceEpochMillis() == 0) {
            o.putNull("since");
        } else {
            o.put("since", iso(s.sinceEpochMillis()));
        }
    }

    /** The answer to a request the API cannot serve. */
    static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * {@code /api/logs?from=&to=}: each access log of the config with its window now (requests per
     * second, 5xx share, as of which second of event time), the alerts on it and those firing, and its
     * intervals from the store within the period (by default the last 24 hours; times are the lines'
     * own), each with its requests per second and its hits by status class, for a chart stacked by
     * class.
     */
    public ObjectNode logs(String fromText, String toText) throws SQLException, ApiException {
        long now = clock.epochMillis();
        Period period = period(fromText, toText, now);
        long from = period.from();
        long to = period.to();
        ObjectNode root = json.createObjectNode();
        root.put("time", iso(now));
        root.put("from", iso(from));
        root.put("to", iso(to));
        ArrayNode logs = root.putArray("logs");
        MonitorConfig config = board.config();
        if (config == null) {
            return root;
        }
        for (LogConfig l : config.logs()) {
            ObjectNode o = logs.addObject();
            o.put("name", l.name());
            o.put("format", l.format());
            o.put("window_seconds", l.windowSeconds());
            o.put("interval_seconds", l.intervalSeconds());
            TrafficWindow w = board.trafficWindow(l.name());
            if (w == null) {
                o.putNull("window");
            } else {
                ObjectNode win = o.putObject("window");
                win.put("second", iso(w.second() * 1000));
                win.put("hits", w.hits());
                win.put("requests_per_second", w.requestsPerSecond());
                win.put("status_5xx_ratio", w.serverErrorRatio());
            }
            ArrayNode rules = o.putArray("alerts");
            for (AlertConfig a : config.alerts()) {
                if (a.target().equals(l.name())) {
                    rules.addObject().put("alert", a.name()).put("when", a.condition().describe());
                }
            }
            ArrayNode firing = o.putArray("alerts_firing");
            for (AlertEvent e : board.firingOn(l.name())) {
                ObjectNode a = firing.addObject();
                a.put("alert", e.alert());
                a.put("since", iso(e.firingSinceEpochMillis()));
                a.put("message", e.message());
            }
            ObjectNode series = o.putObject("series");
            ArrayNode time = series.putArray("time");
            ArrayNode end = series.putArray("end");
            ArrayNode rate = series.putArray("requests_per_second");
            ArrayNode hits = series.putArray("hits");
            Map<String, ArrayNode> byClass = new LinkedHashMap<>();
            for (String c : List.of("1xx", "2xx", "3xx", "4xx", "5xx", "other")) {
                byClass.put(c, series.putArray(c));
            }
            ArrayNode bytes = series.putArray("bytes");
            ArrayNode malformed = series.putArray("malformed");
            for (StoreReader.TrafficTotals t : reader.trafficSeries(l.name(), from, to)) {
                time.add(t.fromMillis() / 1000);
                end.add(t.toMillis() / 1000);
                rate.add(t.requestsPerSecond());
                hits.add(t.hits());
                for (int c = 1; c <= 5; c++) {
                    byClass.get(c + "xx").add(t.classes().get(c));
                }
                byClass.get("other").add(t.classes().get(0));
                bytes.add(t.bytes());
                malformed.add(t.malformed());
            }
        }
        return root;
    }

    /** A period asked for: {@code from} and {@code to} in epoch milliseconds. */
    private record Period(long from, long to) {
    }

    /**
     * The period of {@code ?from=&to=} (ISO-8601 instants or epoch milliseconds): by default the
     * 24 hours up to {@code now}; refused with 400 when backwards or longer than 400 days.
     */
    private static Period period(String fromText, String toText, long now) throws ApiException {
        long to = toText == null ? now : time(toText, "to");
        long from = fromText == null ? to - DEFAULT_RANGE_MILLIS : time(fromText, "from");
        if (from > to) {
            throw new ApiException(400, "from must not be after to");
        }
        if (to - from > MAX_RANGE_MILLIS) {
            throw new ApiException(400, "at most 400 days at a time");
        }
        return new Period(from, to);
    }

    /**
     * {@code /api/services/{name}/history?from=&to=}: {@code from} and {@code to} are ISO-8601 instants
     * or epoch milliseconds; by default the last 24 hours.
     */
    public ObjectNode history(String name, String fromText, String toText) throws SQLException, ApiException {
        boolean isGroup = isGroup(name);
        long now = clock.epochMillis();
        Period period = period(fromText, toText, now);
        long from = period.from();
        long to = period.to();
        ObjectNode root = json.createObjectNode();
        root.put("name", name);
        root.put("kind", isGroup ? "group" : "service");
        root.put("from", iso(from));
        root.put("to", iso(to));
        ObjectNode minutes = root.putObject("minutes");
        ArrayNode time = minutes.putArray("time");
        ArrayNode probes = minutes.putArray("probes");
        ArrayNode failures = minutes.putArray("failures");
        ArrayNode[] connect = percentileColumns(minutes, "");
        ArrayNode[] tls = percentileColumns(minutes, "tls_");
        ArrayNode[] response = percentileColumns(minutes, "response_");
        if (!isGroup) {
            for (MinuteStats m : reader.minutes(name, from, to)) {
                time.add(m.minuteEpochMillis() / 1000);
                probes.add(m.probes());
                failures.add(m.failures());
                addPercentiles(connect, m.connect());
                addPercentiles(tls, m.tls());
                addPercentiles(response, m.response());
            }
        }
        ArrayNode states = root.putArray("states");
        for (StoreReader.StateEntry e : reader.states(name, isGroup, from, to)) {
            ObjectNode s = states.addObject();
            s.put("time", iso(e.epochMillis()));
            s.put("from", e.from());
            s.put("to", e.to());
            s.put("reason", e.reason());
        }
        return root;
    }

    /** How many days of uptime bars {@code /daily} gives. */
    static final int DAILY_DAYS = 90;
    /** How old the daily bars may be: a day's share hardly moves in a minute. */
    static final long DAILY_MAX_AGE_MILLIS = 60_000;
    private final Map<String, ObjectNode> dailies = new java.util.concurrent.ConcurrentHashMap<>();

    /** A service or group by name: whether it is a group; 404 when neither is known. */
    private boolean isGroup(String name) throws SQLException, ApiException {
        MonitorConfig config = board.config();
        if (config != null && config.group(name).isPresent()) {
            return true;
        }
        if (config != null && config.service(name).isPresent() || reader.services().contains(name)) {
            return false;
        }
        throw new ApiException(404, "no service or group named '" + name + "'");
    }

    /** The services whose probes count for {@code name}: itself, or a group's members. */
    private java.util.List<String> countedServices(String name, boolean group) {
        if (!group) {
            return java.util.List.of(name);
        }
        return board.config().group(name).map(GroupConfig::members).orElse(java.util.List.of());
    }

    /**
     * {@code /api/services/{name}/daily}: the last {@value #DAILY_DAYS} days (UTC, today last), each
     * with its probes, failures, uptime (null without probes) and the state changes into a state
     * other than UP that day (its incidents). A group counts its members' probes.
     */
    public ObjectNode daily(String name) throws SQLException, ApiException {
        boolean group = isGroup(name);
        long now = clock.epochMillis();
        ObjectNode cached = dailies.get(name);
        if (cached != null && now >= cached.get("at").asLong() && now - cached.get("at").asLong() < DAILY_MAX_AGE_MILLIS) {
            return cached.deepCopy().without("at");
        }
        long day = TimeUnit.DAYS.toMillis(1);
        long from = Math.floorDiv(now, day) * day - (DAILY_DAYS - 1) * day;
        long[][] counts = new long[DAILY_DAYS][2];
        for (String service : countedServices(name, group)) {
            long[][] d = reader.daily(service, from, DAILY_DAYS);
            for (int i = 0; i < DAILY_DAYS; i++) {
                counts[i][0] += d[i][0];
                counts[i][1] += d[i][1];
            }
        }
        ObjectNode root = json.createObjectNode();
        root.put("name", name);
        root.put("kind", group ? "group" : "service");
        root.put("zone", "UTC");
        ArrayNode days = root.putArray("days");
        ArrayNode[] incidents = new ArrayNode[DAILY_DAYS];
        for (int i = 0; i < DAILY_DAYS; i++) {
            ObjectNode d = days.addObject();
            d.put("date", Instant.ofEpochMilli(from + i * day).toString().substring(0, 10));
            d.put("probes", counts[i][0]);
            d.put("failures", counts[i][1]);
            if (counts[i][0] == 0) {
                d.putNull("uptime");
            } else {
                d.put("uptime", (counts[i][0] - counts[i][1]) / (double) counts[i][0]);
            }
            incidents[i] = d.putArray("incidents");
        }
        for (StoreReader.StateEntry e : reader.states(name, group, from, now + 1)) {
            int i = (int) Math.floorDiv(e.epochMillis() - from, day);
            if (i >= 0 && i < DAILY_DAYS && !e.to().equals("up")) {
                incidents[i].addObject().put("time", iso(e.epochMillis())).put("from", e.from()).put("to", e.to())
                        .put("reason", e.reason());
            }
        }
        ObjectNode kept = root.deepCopy();
        kept.put("at", now);
        dailies.put(name, kept);
        return root;
    }

    /** The most incidents {@code /api/incidents} lists. */
    static final int MAX_INCIDENTS = 200;

    /**
     * {@code /api/incidents?days=}: every state change of a service or group over the last {@code days}
     * days (by default 30, at most 400), newest first, each with when the state it entered ended
     * (null while it lasts) and how long it lasted, in seconds, so far.
     */
    public ObjectNode incidents(String daysText) throws SQLException, ApiException {
        int days;
        try {
            days = daysText == null ? 30 : Integer.parseInt(daysText);
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 1 || days > 400) {
            throw new ApiException(400, "days: '" + daysText + "' is not a number of days from 1 to 400");
        }
        long now = clock.epochMillis();
        long from = now - TimeUnit.DAYS.toMillis(days);
        java.util.List<dev.tcpswarm.store.History.Change> changes = reader.changes(from, now + 1);
        ObjectNode root = json.createObjectNode();
        root.put("time", iso(now));
        root.put("from", iso(from));
        root.put("count", changes.size());
        ArrayNode list = root.putArray("incidents");
        Map<String, Long> nextChange = new java.util.HashMap<>();
        for (int i = changes.size() - 1; i >= 0 && list.size() < MAX_INCIDENTS; i--) {
            dev.tcpswarm.store.History.Change c = changes.get(i);
            String key = (c.group() ? "g:" : "s:") + c.name();
            Long end = nextChange.put(key, c.epochMillis());
            ObjectNode o = list.addObject();
            o.put("time", iso(c.epochMillis()));
            o.put("name", c.name());
            o.put("kind", c.group() ? "group" : "service");
            o.put("from", c.from());
            o.put("to", c.to());
            o.put("reason", c.reason());
            if (end == null) {
                o.putNull("end");
            } else {
                o.put("end", iso(end));
            }
            o.put("duration_s", ((end == null ? now : end) - c.epochMillis()) / 1000.0);
        }
        return root;
    }

    /** A badge's figures: the state of a service or group, or its uptime over a range. */
    record BadgeFacts(String state, Double uptime) {
    }

    /** The ranges an uptime badge takes. */
    static final Map<String, Long> BADGE_RANGES = Map.of("1h", TimeUnit.HOURS.toMillis(1),
            "24h", TimeUnit.HOURS.toMillis(24), "7d", TimeUnit.DAYS.toMillis(7), "30d", TimeUnit.DAYS.toMillis(30),
            "90d", TimeUnit.DAYS.toMillis(90));

    /** The state of a service or group now. */
    BadgeFacts badgeState(String name) throws SQLException, ApiException {
        boolean group = isGroup(name);
        StatusBoard.Standing s = group ? board.group(name) : board.service(name);
        return new BadgeFacts(s.state().key(), null);
    }

    /** The uptime of a service (or a group's members together) over {@code range}; null without probes. */
    BadgeFacts badgeUptime(String name, String range) throws SQLException, ApiException {
        boolean group = isGroup(name);
        Long length = BADGE_RANGES.get(range == null ? "24h" : range);
        if (length == null) {
            throw new ApiException(400, "range: '" + range + "' is not one of 1h, 24h, 7d, 30d, 90d");
        }
        long now = clock.epochMillis();
        long probes = 0;
        long failures = 0;
        for (String service : countedServices(name, group)) {
            StoreReader.Counts c = reader.counts(service, now - length, now + 1);
            probes += c.probes();
            failures += c.failures();
        }
        return new BadgeFacts(null, probes == 0 ? null : (probes - failures) / (double) probes);
    }

    /** The columns {@code PREFIXp50_ms}, {@code PREFIXp95_ms}, {@code PREFIXp99_ms} of a history's minutes. */
    private static ArrayNode[] percentileColumns(ObjectNode minutes, String prefix) {
        return new ArrayNode[] {minutes.putArray(prefix + "p50_ms"), minutes.putArray(prefix + "p95_ms"),
            minutes.putArray(prefix + "p99_ms")};
    }

    /** A minute's percentiles of one latency, in milliseconds (null where none), onto its columns. */
    private static void addPercentiles(ArrayNode[] columns, MinuteStats.Latency latency) {
        addMillis(columns[0], latency.p50Micros());
        addMillis(columns[1], latency.p95Micros());
        addMillis(columns[2], latency.p99Micros());
    }

    private static void addMillis(ArrayNode array, long micros) {
        if (micros < 0) {
            array.addNull();
        } else {
            array.add(micros / 1000.0);
        }
    }

    private static long time(String text, String what) throws ApiException {
        try {
            return text.chars().allMatch(Character::isDigit) ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (RuntimeException e) {
            throw new ApiException(400, what + ": '" + text + "' is not a time: give an ISO-8601 instant "
                    + "(2025-10-08T12:30:00Z) or epoch milliseconds");
        }
    }

    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
