package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tcpswarm.established.EstablishedMetrics;
import dev.tcpswarm.established.Promtool;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the docs and examples for {@code established} promise, checked against the code: the options
 * and defaults in docs/established.md and the README are the command's own (the old exporter's
 * README and code disagreed on its default port), every metric is documented, the Kubernetes
 * sidecar example is valid YAML whose container arguments tcpswarm accepts and whose ports agree,
 * and the alert rules pass promtool.
 */
class EstablishedDocsTest {
    private static final Path DOC = Path.of("docs/established.md");
    private static final Path SIDECAR = Path.of("examples/kubernetes-established-sidecar.yaml");
    private static final Path ALERTS = Path.of("examples/established-alerts.yml");

    @TempDir
    Path dir;

    private static CommandLine.Model.CommandSpec spec() {
        return new CommandLine(new EstablishedCommand()).getCommandSpec();
    }

    /** The docs' options table (section "Options"): option (its longest name) to the default column. */
    private static Map<String, String> documentedDefaults() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        boolean inOptions = false;
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("## ")) {
                inOptions = line.equals("## Options");
            }
            if (inOptions && line.startsWith("| `-")) {
                String[] cells = line.split("\\|");
                String names = cells[1].trim().replace("`", "");
                String longest = names.replaceAll(" [A-Z:]+$", "").replaceAll("^-[a-z], ", "");
                defaults.put(longest, cells[2].trim());
            }
        }
        return defaults;
    }

    @Test
    void theDocumentedOptionsAndDefaultsAreTheCommands() throws Exception {
        Map<String, String> documented = documentedDefaults();
        List<String> options = new ArrayList<>();
        for (OptionSpec o : spec().options()) {
            if (o.usageHelp()) {
                continue;
            }
            options.add(o.longestName());
            assertTrue(documented.containsKey(o.longestName()), o.longestName() + " is not in " + DOC);
            if (o.defaultValue() != null) {
                assertEquals(o.defaultValue(), documented.get(o.longestName()), "default of " + o.longestName());
            }
        }
        assertEquals(options, new ArrayList<>(documented.keySet()), "the table lists the options, in --help's order");
        assertEquals("127.0.0.1:9690", documented.get("--listen"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("`--listen HOST:PORT` | " + EstablishedCommand.DEFAULT_LISTEN + " |"), "README");
        assertTrue(readme.contains("`--min-age DURATION` | 6s |"), "README");
        for (String line : readme.lines().toList()) {
            if (line.contains("9690")) {
                assertTrue(line.contains(EstablishedCommand.DEFAULT_LISTEN) || line.contains("0.0.0.0:9690"), line);
            }
        }
    }

    @Test
    void everyMetricIsDocumented() throws Exception {
        String doc = Files.readString(DOC);
        for (Field f : EstablishedMetrics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String name = (String) f.get(null);
                boolean counter = name.endsWith("scans") || name.endsWith("scan_errors");
                String exposed = counter ? name + "_total" : name;
                assertTrue(doc.contains("| `" + exposed + "` |"), exposed + " is not in the metrics table of " + DOC);
            }
        }
    }

    @Test
    void theSidecarExampleIsValidAndConsistent() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(SIDECAR.toFile())) {
            it.forEachRemaining(documents::add);
        }
        assertEquals(1, documents.size());
        JsonNode deployment = documents.get(0);
        assertEquals("apps/v1", deployment.at("/apiVersion").asText());
        assertEquals("Deployment", deployment.at("/kind").asText());
        JsonNode template = deployment.at("/spec/template");
        deployment.at("/spec/selector/matchLabels").properties().forEach(label -> assertEquals(label.getValue(),
                template.at("/metadata/labels/" + label.getKey()), "the selector matches the pod's labels"));

        Map<String, JsonNode> containers = new HashMap<>();
        template.at("/spec/containers").forEach(c -> containers.put(c.at("/name").asText(), c));
        JsonNode sidecar = containers.get("tcpswarm-established");
        JsonNode app = containers.get("app");
        assertTrue(sidecar != null && app != null, "containers: " + containers.keySet());
        List<String> command = new ArrayList<>();
        sidecar.at("/command").forEach(c -> command.add(c.asText()));
        assertEquals(List.of("-jar", "/opt/tcpswarm/tcpswarm.jar"), command.subList(command.size() - 2, command.size()));
        List<String> args = new ArrayList<>();
        sidecar.at("/args").forEach(a -> {
            assertTrue(a.isTextual(), "every argument is a string: " + a);
            args.add(a.asText());
        });
        assertEquals("established", args.get(0));
        Map<String, String> env = new HashMap<>();
        sidecar.at("/env").forEach(e -> env.put(e.at("/name").asText(), e.at("/value").asText()));

        // The arguments and environment, as tcpswarm reads them.
        EstablishedCommand parsed = EstablishedSettingsTest.parse(env, args.subList(1, args.size()).toArray(String[]::new));
        assertEquals(new InetSocketAddress("0.0.0.0", 9690), parsed.listen);
        assertEquals(TimeUnit.SECONDS.toNanos(30), parsed.minAgeNanos);
        assertEquals(TimeUnit.SECONDS.toNanos(2), parsed.intervalNanos);

        int metricsPort = parsed.listen.getPort();
        assertEquals(metricsPort, sidecar.at("/ports/0/containerPort").asInt());
        assertEquals(String.valueOf(metricsPort), template.at("/metadata/annotations/prometheus.io~1port").asText());
        assertEquals("/metrics", template.at("/metadata/annotations/prometheus.io~1path").asText());
        assertEquals("/-/healthy", sidecar.at("/livenessProbe/httpGet/path").asText());
        assertEquals(sidecar.at("/ports/0/name").asText(), sidecar.at("/livenessProbe/httpGet/port").asText());
        assertEquals(List.of(app.at("/ports/0/containerPort").asInt()), parsed.ports, "--port is the app's port");
        assertFalse(parsed.ports.contains(metricsPort));
    }

    @Test
    void theAlertRulesPassPromtoolAndFireWhenTheConnectionIsGone() throws Exception {
        // A unit test for the rules, in promtool's own format: long-lived connections to 5432 go from
        // 1 to 0 at minute 5; the alert (for: 2m) fires at minute 7, not before.
        Path test = dir.resolve("established-alerts-test.yml");
        Files.writeString(test, String.join("\n",
                "rule_files:",
                "  - " + ALERTS.toAbsolutePath(),
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'tcpswarm_established_long_lived_connections{port=\"5432\",family=\"ipv4\","
                        + "instance=\"db-client:9690\",job=\"established\"}'",
                "        values: '1 1 1 1 1 0 0 0 0 0 0'",
                "      - series: 'tcpswarm_established_tracking_seconds{instance=\"db-client:9690\","
                        + "job=\"established\"}'",
                "        values: '0+60x10'",
                "      - series: 'tcpswarm_established_min_age_seconds{instance=\"db-client:9690\","
                        + "job=\"established\"}'",
                "        values: '6x10'",
                "    alert_rule_test:",
                "      - eval_time: 6m",
                "        alertname: RequiredConnectionGone",
                "        exp_alerts: []",
                "      - eval_time: 7m",
                "        alertname: RequiredConnectionGone",
                "        exp_alerts:",
                "          - exp_labels: {severity: page, instance: 'db-client:9690'}",
                "            exp_annotations:",
                "              summary: 'No long-lived connection to port 5432 on db-client:9690'",
                // The last connection reconnects (young: long-lived 0 at minute 5), then closes for
                // good: its series vanishes at minute 6. The alert keeps its labels, so its for: 2m
                // runs on from minute 5 and it fires at minute 7 (mixed label sets restarted it).
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'tcpswarm_established_long_lived_connections{port=\"5432\",family=\"ipv4\","
                        + "instance=\"db-client:9690\",job=\"established\"}'",
                "        values: '1 1 1 1 1 0 stale'",
                "      - series: 'tcpswarm_established_tracking_seconds{instance=\"db-client:9690\","
                        + "job=\"established\"}'",
                "        values: '0+60x10'",
                "      - series: 'tcpswarm_established_min_age_seconds{instance=\"db-client:9690\","
                        + "job=\"established\"}'",
                "        values: '6x10'",
                "    alert_rule_test:",
                "      - eval_time: 6m",
                "        alertname: RequiredConnectionGone",
                "        exp_alerts: []",
                "      - eval_time: 7m",
                "        alertname: RequiredConnectionGone",
                "        exp_alerts:",
                "          - exp_labels: {severity: page, instance: 'db-client:9690'}",
                "            exp_annotations:",
                "              summary: 'No long-lived connection to port 5432 on db-client:9690'",
                ""));
        Promtool.run("", "check", "rules", ALERTS.toString());
        Promtool.run("", "test", "rules", test.toString());
    }
}
