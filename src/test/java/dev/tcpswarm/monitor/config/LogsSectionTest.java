package dev.tcpswarm.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code logs} section and the alerts on its logs: what is read, and every bad input in one line. */
class LogsSectionTest {
    private static MonitorConfig read(String yaml) throws ConfigException {
        return new ConfigReader(List.of()).read("m.yaml", yaml);
    }

    @Test
    void aLogWithItsAlertsAndThresholdIsReadWithHttpMonitorsDefaults() throws Exception {
        MonitorConfig c = read("""
                logs:
                  - name: web
                    path: [/var/log/nginx/*access.log, /srv/b.log]
                    threshold: 10
                  - {name: api, path: /srv/api.json, format: json, json_fields: {time: ts}, follow: false,
                     from_start: true, interval: 5s, window: 1m, lateness: 0, labels: {team: edge}}
                channels:
                  hook: {type: webhook, url: "http://127.0.0.1:9/x"}
                alerts:
                  - {name: errors, target: web, when: {stat: status_5xx_ratio, above: 5%, min_hits: 20}, channels: [hook]}
                  - {name: cart, target: web, when: {stat: section_rate, section: /cart, above: 2.5}, failure_threshold: 3}
                  - {name: stopped, target: api, when: {stat: requests_per_second, below: 1}, check_every: 10s}
                """);
        assertEquals(List.of(), c.services());
        assertEquals(new LogConfig("web", List.of("/var/log/nginx/*access.log", "/srv/b.log"), "auto", Map.of(), true,
                false, 10, 120, 10, 10.0, Map.of()), c.log("web").orElseThrow());
        assertEquals(new LogConfig("api", List.of("/srv/api.json"), "json", Map.of("time", "ts"), false, true, 5, 60, 0,
                null, Map.of("team", "edge")), c.log("api").orElseThrow());
        assertEquals(List.of("errors", "cart", "stopped", "web_high_traffic"),
                c.alerts().stream().map(AlertConfig::name).toList());
        assertEquals(new AlertConfig.TrafficCondition(AlertConfig.Measure.STATUS_5XX_RATIO, null, true, 0.05, 20),
                c.alerts().get(0).condition());
        assertEquals(new AlertConfig.TrafficCondition(AlertConfig.Measure.SECTION_RATE, "/cart", true, 2.5, 0),
                c.alerts().get(1).condition());
        assertEquals(3, c.alerts().get(1).failureThreshold());
        assertEquals(1_000_000_000L, c.alerts().get(1).checkEveryNanos(), "a log's alerts are checked every second");
        assertEquals(10_000_000_000L, c.alerts().get(2).checkEveryNanos());
        assertEquals(new AlertConfig("web_high_traffic", "web", new AlertConfig.TrafficCondition(
                AlertConfig.Measure.REQUESTS_PER_SECOND, null, true, 10, 0), 1, 1, true, 0, 1_000_000_000L,
                List.of("stdout", "log")), c.alerts().get(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            no path | logs:\\n  - {name: web} | m.yaml:2: logs[0].path: missing: the access log's file, or a glob such as /var/log/nginx/*access.log
            bad format | logs:\\n  - {name: web, path: a.log, format: w3c} | m.yaml:2: logs[0].format: 'w3c' is not a format: use auto, csv, common, combined or json
            bad json role | logs:\\n  - {name: web, path: a.log, format: json, json_fields: {when: ts}} | m.yaml:2: logs[0].json_fields.when: 'when' is not a JSON field role: use one of [host, time, request, method, path, status, bytes]
            part second | logs:\\n  - {name: web, path: a.log, interval: 1500ms} | m.yaml:2: logs[0].interval: use whole seconds from 1s to 24h (event time counts in seconds)
            no unit | logs:\\n  - {name: web, path: a.log, window: 120} | m.yaml:2: logs[0].window: '120' has no unit: write 120ms or 120s
            negative threshold | logs:\\n  - {name: web, path: a.log, threshold: -1} | m.yaml:2: logs[0].threshold: '-1' is out of range: use 0-1000000000
            service clash | logs:\\n  - {name: web, path: a.log}\\nservices:\\n  - {name: web, address: 'x:1'} | m.yaml:4: services[0].name: 'web' is already a log: services and logs need distinct names
            latency on a log | logs:\\n  - {name: web, path: a.log}\\nalerts:\\n  - {name: x, target: web, when: {stat: p99, above: 1s}} | m.yaml:4: alerts[0].when.stat: 'p99' is not a statistic of an access log: an access log's alert watches {stat: requests_per_second, above: 10}, {stat: status_5xx_ratio, above: 0.05} or {stat: section_rate, section: /api, above: 5}
            state on a log | logs:\\n  - {name: web, path: a.log}\\nalerts:\\n  - {name: x, target: web, when: down} | m.yaml:4: alerts[0].when: 'down': an access log's alert watches {stat: requests_per_second, above: 10}, {stat: status_5xx_ratio, above: 0.05} or {stat: section_rate, section: /api, above: 5}
            traffic on a service | services:\\n  - {name: a, address: 'x:1'}\\nalerts:\\n  - {name: x, target: a, when: {stat: requests_per_second, over: 1m, above: 1}} | m.yaml:4: alerts[0].when.stat: 'requests_per_second' is a statistic of an access log: target a log of the logs section
            over on a log | logs:\\n  - {name: web, path: a.log}\\nalerts:\\n  - {name: x, target: web, when: {stat: requests_per_second, over: 1m, above: 1}} | m.yaml:4: alerts[0].when.over: an access log's alerts look back over its window: set window under logs
            bad section | logs:\\n  - {name: web, path: a.log}\\nalerts:\\n  - {name: x, target: web, when: {stat: section_rate, section: /a/b, above: 1}} | m.yaml:4: alerts[0].when.section: '/a/b' is not a section: a path up to its second slash, e.g. /api
            threshold name taken | logs:\\n  - {name: web, path: a.log, threshold: 5}\\nalerts:\\n  - {name: web_high_traffic, target: web, when: {stat: requests_per_second, above: 1}} | m.yaml:4: alerts[0].name: 'web_high_traffic' is the name of log web's threshold alert: rename this one, or drop the log's threshold
            """)
    void badInputIsOneLineWithFileLineAndKey(String what, String yaml, String expected) {
        assertEquals(expected, assertThrows(ConfigException.class, () -> read(yaml.replace("\\n", "\n"))).getMessage());
    }
}
