package dev.tcpswarm.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpswarm.engine.ProbeFamily;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The config file: every section read, and every kind of bad input named by file, line and key. */
class ConfigReaderTest {
    private static MonitorConfig read(String yaml) throws ConfigException {
        return new ConfigReader(List.of()).read("m.yaml", yaml);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> read(yaml)).getMessage();
    }

    @Test
    void theShippedExampleReadsWhole() throws Exception {
        MonitorConfig c = new ConfigReader(List.of(dev.tcpswarm.store.StoreSection.INSTANCE))
                .read(Path.of("examples/monitor.yaml"));
        assertEquals(8, c.services().size());
        ServiceConfig db = c.service("db").orElseThrow();
        assertEquals(new ServiceTls(java.util.Optional.of("api.internal"), java.util.Optional.empty(), true,
                TimeUnit.DAYS.toNanos(14), TimeUnit.DAYS.toNanos(3)), c.service("api").orElseThrow().tls());
        assertEquals(ServiceTls.DEFAULTS, c.service("www").orElseThrow().tls());
        assertEquals(null, db.tls());
        assertEquals(1000, db.timeoutMillis());
        assertEquals(2, db.attempts());
        assertEquals(Map.of("env", "prod", "team", "data"), db.labels());
        assertEquals(TimeUnit.SECONDS.toNanos(2), db.intervalNanos());
        assertEquals(ProbeFamily.BOTH, c.service("edge").orElseThrow().family());
        assertEquals(99.0, c.service("edge").orElseThrow().evaluation().degradedPercentile());
        assertEquals(0.5, c.evaluation().downSuccessBelow());
        assertEquals(GroupConfig.Policy.QUORUM, c.group("caches").orElseThrow().policy());
        assertEquals(3.0, c.group("backend").orElseThrow().weight("db"));
        assertEquals(4, c.alerts().size());
        assertEquals(new AlertConfig.WindowCondition(AlertConfig.Stat.AVG, TimeUnit.MINUTES.toNanos(2), true, 200e6),
                c.alerts().get(3).condition());
        assertEquals(6, c.channels().size());
        assertEquals(ChannelConfig.Type.ALERTMANAGER, c.channels().get("am").type());
        assertEquals(30, c.logging().keepDays());
        assertEquals(9469, c.metricsListen().getPort());
        assertEquals(new dev.tcpswarm.store.StoreConfig(Path.of("/var/lib/tcpswarm/monitor.db"), TimeUnit.DAYS.toMillis(30),
                TimeUnit.DAYS.toMillis(400), 100_000), c.extension(dev.tcpswarm.store.StoreSection.INSTANCE,
                        dev.tcpswarm.store.StoreConfig.class));
        assertEquals(TimeUnit.SECONDS.toNanos(1), c.channels().get("ops-webhook").backoffNanos());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown key | services:\\n  - name: a\\n    address: x:1\\n    intervl: 2s | m.yaml:4: services[0].intervl: unknown key 'intervl' (known here: address, attempts, check, evaluation, family, interval, labels, name, status, steps, timeout, tls)
            bad duration | services:\\n  - name: a\\n    address: x:1\\n    interval: 5x | m.yaml:4: services[0].interval: '5x' is not a duration: use a number with an optional unit (us, ms, s, m, h, d), e.g. 500ms or 5s
            bare number (Kener's ms) | services:\\n  - name: a\\n    address: x:1\\n    timeout: 2000 | m.yaml:4: services[0].timeout: '2000' has no unit: write 2000ms or 2s
            bare number seconds | services:\\n  - {name: a, address: 'x:1'}\\nlogging: {summary_every: 5} | m.yaml:3: logging.summary_every: '5' has no unit: write 5ms or 5s
            bare number window | services:\\n  - {name: a, address: 'x:1'}\\nevaluation: {window: 1500} | m.yaml:3: evaluation.window: '1500' has no unit: write 1500ms or 1.5s
            duplicate name | services:\\n  - {name: a, address: 'x:1'}\\n  - {name: a, address: 'x:2'} | m.yaml:3: services[1].name: duplicate name 'a' (also services[0]): names must be unique
            duplicate key | services:\\n  - name: a\\n    name: b\\n    address: x:1 | m.yaml:3: duplicate key 'name': each key may appear once
            bad address | services:\\n  - {name: a, address: 'x'} | m.yaml:2: services[0].address: 'x' is not an address: write host:port or [ipv6]:port
            bad port | services:\\n  - {name: a, address: 'x:70000'} | m.yaml:2: services[0].address: 'x:70000' is not an address: write host:port or [ipv6]:port, with a port of 1-65535
            no services | groups: [] | m.yaml:1: services: missing: list at least one service (name and address)
            unknown top key | services:\\n  - {name: a, address: 'x:1'}\\nstore: {path: x} | m.yaml:3: store: unknown key 'store' (known here: alerts, channels, defaults, evaluation, groups, logging, logs, maintenance, metrics, services)
            unknown member | services:\\n  - {name: a, address: 'x:1'}\\ngroups:\\n  - name: g\\n    members: [a, b] | m.yaml:5: groups[0].members[1]: no service named 'b' (members are services)
            quorum too big | services:\\n  - {name: a, address: 'x:1'}\\ngroups:\\n  - {name: g, members: [a], policy: quorum, min_up: 2} | m.yaml:4: groups[0].min_up: 2 is out of range: use 1-1
            alert target | services:\\n  - {name: a, address: 'x:1'}\\nalerts:\\n  - {name: x, target: nope, when: down} | m.yaml:4: alerts[0].target: no service, group or log named 'nope'
            alert channel | services:\\n  - {name: a, address: 'x:1'}\\nalerts:\\n  - name: x\\n    target: a\\n    when: down\\n    channels: [stdout, pager] | m.yaml:7: alerts[0].channels[1]: no channel named 'pager' (define it under channels, or use log or stdout)
            bad state | services:\\n  - {name: a, address: 'x:1'}\\nalerts:\\n  - {name: x, target: a, when: sideways} | m.yaml:4: alerts[0].when: 'sideways' is not a state: use down, degraded or not_up, or a window {stat: avg, over: 2m, above: 200ms}
            bad ratio | services:\\n  - {name: a, address: 'x:1'}\\nevaluation:\\n  down: {success_below: 150%} | m.yaml:4: evaluation.down.success_below: '150%' is out of range: use 0-1 (or a percentage)
            family clash | services:\\n  - {name: a, address: '127.0.0.1:1', family: ipv6} | m.yaml:2: services[0].address: '127.0.0.1' is an IPv4 address, but family is ipv6: give a name or another family
            placeholder | services:\\n  - {name: a, address: 'x:1'}\\nchannels:\\n  run:\\n    type: command\\n    argv: [notify, '{host}'] | m.yaml:6: channels.run.argv[1]: unknown placeholder {host} (known: {alert}, {service}, {state}, {reason}, {event}, {time})
            webhook url | services:\\n  - {name: a, address: 'x:1'}\\nchannels:\\n  hook: {type: webhook, url: 'ftp://x/y'} | m.yaml:4: channels.hook.url: 'ftp://x/y' is not an http:// or https:// URL
            failure kind | services:\\n  - {name: a, address: 'x:1'}\\nevaluation:\\n  degraded: {when_all_failures_are: [timeout, slow]} | m.yaml:4: evaluation.degraded.when_all_failures_are[1]: 'slow' is not a probe failure: use timeout, refused, reset, unreachable, dns, other, tls_expired, tls_not_yet_valid, tls_unknown_authority, tls_hostname_mismatch, tls_timeout, tls_refused, tls_client_cert, tls_not_tls, tls_closed, tls_other, no_answer, unexpected_answer, closed_before_answer, starttls_refused
            down latency below degraded | services:\\n  - {name: a, address: 'x:1'}\\nevaluation:\\n  degraded: {latency: {percentile: 95, above: 200ms}}\\n  down: {latency: {percentile: 95, above: 100ms}} | m.yaml:5: evaluation.down.latency.above: must be above degraded.latency.above, or DEGRADED is never reached
            quorum words | services:\\n  - {name: a, address: 'x:1'}\\ngroups:\\n  - {name: g, members: [a], policy: quorum, min_up: most} | m.yaml:4: groups[0].min_up: 'most' is not a count of members: use a number (1-1), all or majority
            degraded above up | services:\\n  - {name: a, address: 'x:1'}\\n  - {name: b, address: 'x:2'}\\ngroups:\\n  - {name: g, members: [a, b], policy: quorum, min_up: 1, min_degraded: all} | m.yaml:5: groups[0].min_degraded: must be at most min_up (1): DEGRADED lies between UP and DOWN
            maintenance target | services:\\n  - {name: a, address: 'x:1'}\\nmaintenance:\\n  - {name: m, targets: [b], from: '2026-12-10T02:00:00Z', to: '2026-12-10T04:00:00Z'} | m.yaml:4: maintenance[0].targets[0]: no service or group named 'b'
            maintenance order | services:\\n  - {name: a, address: 'x:1'}\\nmaintenance:\\n  - {name: m, targets: [a], from: '2026-12-10T04:00:00Z', to: '2026-12-10T02:00:00Z'} | m.yaml:4: maintenance[0].to: must be after from (2026-12-10T04:00:00Z)
            maintenance time | services:\\n  - {name: a, address: 'x:1'}\\nmaintenance:\\n  - {name: m, targets: [a], from: 'tomorrow', to: '2026-12-10T02:00:00Z'} | m.yaml:4: maintenance[0].from: 'tomorrow' is not a time: write e.g. 2026-12-10T02:00:00Z, or 2026-12-10T03:00:00+01:00 (or a local time with timezone)
            maintenance every | services:\\n  - {name: a, address: 'x:1'}\\nmaintenance:\\n  - {name: m, targets: [a], every: 'sundy 02:00', for: 2h, timezone: UTC} | m.yaml:4: maintenance[0].every: 'sundy 02:00' is not a recurrence: write a day and a local time, e.g. 'sunday 02:00' or 'day 03:30'
            maintenance zone | services:\\n  - {name: a, address: 'x:1'}\\nmaintenance:\\n  - {name: m, targets: [a], every: 'sunday 02:00', for: 2h} | m.yaml:4: maintenance[0].timezone: missing: the time zone of 'sunday 02:00', e.g. Europe/Berlin or UTC
            maintenance bad zone | services:\\n  - {name: a, address: 'x:1'}\\nmaintenance:\\n  - {name: m, targets: [a], every: 'day 02:00', for: 2h, timezone: Mars/Olympus} | m.yaml:4: maintenance[0].timezone: 'Mars/Olympus' is not a time zone: use a region such as Europe/Berlin, or UTC
            maintenance too long | services:\\n  - {name: a, address: 'x:1'}\\nmaintenance:\\n  - {name: m, targets: [a], every: 'day 02:00', for: 25h, timezone: UTC} | m.yaml:4: maintenance[0].for: must be shorter than the recurrence (a day)
            not yaml | services: [a: b: c] | m.yaml:1: not valid YAML: expected ',' or ']', but got :
            """)
    void badInputIsOneLineWithFileLineAndKey(String what, String yaml, String expected) {
        assertEquals(expected, error(yaml.replace("\\n", "\n")));
    }

    /** What a later section (the store) does: its key is accepted and read with the same errors. */
    record Store(String path, long retentionNanos) {
    }

    private static final ConfigSection<Store> STORE = new ConfigSection<>() {
        @Override
        public String key() {
            return "store";
        }

        @Override
        public Store read(ConfigNode node, Earlier earlier) throws ConfigException {
            if (!node.present()) {
                return null;
            }
            node.allowOnly(java.util.Set.of("path", "retention"));
            return new Store(node.get("path").text(), node.get("retention").durationNanos(TimeUnit.DAYS.toNanos(30)));
        }
    };

    @Test
    void inputThatIsNotAConfigFileIsRefusedWithWhereAndWhy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ConfigReader reader = new ConfigReader(java.util.List.of());
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(dir));
        assertEquals(dir + ": is a directory, not a config file: name the YAML file", e.getMessage());

        Path latin1 = dir.resolve("latin1.yaml");
        java.nio.file.Files.write(latin1, "services:\n  - {name: caf\u00e9, address: 'x:1'}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        e = assertThrows(ConfigException.class, () -> reader.read(latin1));
        assertEquals(latin1 + ":2:15: not UTF-8 (byte 0xE9): save the file as UTF-8", e.getMessage());

        Path two = dir.resolve("two.yaml");
        java.nio.file.Files.writeString(two, "services:\n  - {name: a, address: 'x:1'}\n---\nservices: []\n");
        e = assertThrows(ConfigException.class, () -> reader.read(two));
        assertEquals(two + ":4: a second YAML document (after ---): a config file holds one", e.getMessage());

        Path big = dir.resolve("big.yaml");
        java.nio.file.Files.writeString(big, "services:\n  - {name: a, address: 'x:1'}\nx: '" + "a".repeat(5_000_000) + "'\n");
        long start = System.nanoTime();
        e = assertThrows(ConfigException.class, () -> reader.read(big));
        assertTrue(e.getMessage().startsWith(big + ": 5000046 bytes is too big for a config file (at most 1024 KiB)"),
                e.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused at once");
        // under the file limit, SnakeYAML's own limit still holds for text given directly
        e = assertThrows(ConfigException.class, () -> reader.read("m.yaml", "x: '" + "a".repeat(1_100_000) + "'\n"));
        assertTrue(e.getMessage().contains("exceeds the limit: 1048576 code points"), e.getMessage());
    }

    @Test
    void extraSectionsPlugIn() throws Exception {
        ConfigReader reader = new ConfigReader(List.of(STORE));
        MonitorConfig c = reader.read("m.yaml", "services:\n  - {name: a, address: 'x:1'}\nstore: {path: h.db, retention: 7d}\n");
        assertEquals(new Store("h.db", TimeUnit.DAYS.toNanos(7)), c.extension(STORE, Store.class));
        assertNull(reader.read("m.yaml", "services:\n  - {name: a, address: 'x:1'}\n").extension(STORE, Store.class));
        assertEquals("m.yaml:3: store.retention: '7x' is not a duration: use a number with an optional unit (us, ms, s, m, h, d), "
                + "e.g. 500ms or 5s", assertThrows(ConfigException.class, () -> reader.read("m.yaml",
                        "services:\n  - {name: a, address: 'x:1'}\nstore: {path: h.db, retention: 7x}\n")).getMessage());
    }

    @Test
    void quickWatchNamesEachServiceAfterItsAddress() {
        MonitorConfig c = ConfigReader.quickWatch(List.of("db.internal:5432", "[::1]:80"), TimeUnit.SECONDS.toNanos(2), 5000L);
        assertEquals(List.of("db.internal:5432", "[::1]:80"), c.services().stream().map(ServiceConfig::name).toList());
        assertEquals("::1", c.services().get(1).host());
        assertThrows(IllegalArgumentException.class, () -> ConfigReader.quickWatch(List.of("::1:80"), null, null));
    }

    @Test
    void downOnLatencyAndTimeoutsApartFromRefusals() throws Exception {
        MonitorConfig c = read("""
                services:
                  - name: a
                    address: x:1
                    evaluation:
                      down: {latency: {percentile: 99, above: 1s}}
                  - {name: b, address: 'x:2'}
                evaluation:
                  degraded:
                    latency: {percentile: 95, above: 200ms}
                    when_all_failures_are: timeout
                """);
        EvaluationConfig a = c.service("a").orElseThrow().evaluation();
        assertEquals(99.0, a.downPercentile());
        assertEquals(TimeUnit.SECONDS.toNanos(1), a.downLatencyNanos());
        assertEquals(java.util.Set.of(dev.tcpswarm.engine.ProbeOutcome.TIMEOUT), a.degradedWhenAllFailuresAre());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(200), a.degradedLatencyNanos());
        EvaluationConfig b = c.service("b").orElseThrow().evaluation();
        assertEquals(null, b.downLatencyNanos());
        assertEquals(java.util.Set.of(dev.tcpswarm.engine.ProbeOutcome.TIMEOUT), b.degradedWhenAllFailuresAre());
    }

    @Test
    void quorumTakesKenersRuleInWords() throws Exception {
        MonitorConfig c = read("""
                services:
                  - {name: a, address: 'x:1'}
                  - {name: b, address: 'x:2'}
                  - {name: c, address: 'x:3'}
                  - {name: d, address: 'x:4'}
                groups:
                  - {name: kener, members: [a, b, c, d], policy: quorum, min_up: all, min_degraded: majority}
                  - {name: two, members: [a, b, c], policy: quorum, min_up: 2}
                """);
        assertEquals(4, c.group("kener").orElseThrow().minUp());
        assertEquals(3, c.group("kener").orElseThrow().minDegraded(), "a majority of 4 is 3");
        assertEquals(2, c.group("two").orElseThrow().minDegraded(), "min_up unless given");
    }

    @Test
    void theIssuesMaintenanceExampleReads() throws Exception {
        MonitorConfig c = read("""
                services:
                  - {name: db, address: 'x:1'}
                  - {name: cache-a, address: 'x:2'}
                  - {name: cache-b, address: 'x:3'}
                groups:
                  - {name: caches, members: [cache-a, cache-b]}
                maintenance:
                  - name: db-upgrade
                    targets: [db]
                    from: 2026-12-10T02:00:00Z
                    to: 2026-12-10T04:00:00Z
                  - name: weekly
                    targets: [caches]
                    every: sunday 02:00
                    for: 2h
                    timezone: Europe/Berlin
                """);
        List<MaintenanceWindow> w = c.maintenance().windows();
        assertEquals(java.time.Instant.parse("2026-12-10T02:00:00Z"), w.get(0).from());
        assertEquals(java.util.Set.of("db"), w.get(0).services());
        assertEquals(java.util.Set.of("cache-a", "cache-b"), w.get(1).services(), "a group's window covers its members");
        assertEquals(java.util.Set.of("caches"), w.get(1).groups());
        assertEquals(java.time.DayOfWeek.SUNDAY, w.get(1).day());
        assertEquals(java.time.ZoneId.of("Europe/Berlin"), w.get(1).zone());
        assertEquals(java.time.Duration.ofHours(2), w.get(1).length());
    }
}
