package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/kubernetes, as far as it runs without a cluster: run-sharded.sh fills in job.yaml into a
 * manifest that a YAML parser reads as an Indexed Job of N pods running --shard-from-env from one
 * --start-at; the image's entry point (shard.sh) runs a shard as a pod would (JOB_COMPLETION_INDEX
 * set), and prints its result files into its log; run-sharded.sh takes them back out of the logs;
 * and `tcpswarm merge` makes one run of them. Only kubectl's part (apply, wait, logs) is left out.
 */
@Timeout(120)
class KubernetesExampleIT {
    private static final Path EXAMPLE = Path.of("examples/kubernetes");

    @TempDir
    Path dir;

    private static ProcessBuilder bash(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("CI", "true");
        return pb;
    }

    @Test
    void theManifestIsAnIndexedJobOfNShardsFromOneStartTime() throws Exception {
        Path manifest = dir.resolve("job.yaml");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Process render = JarProcess.runToEnd(bash(Map.of("SHARDS", "50", "IMAGE", "registry.example/tcpswarm:0.1.0",
                "TARGET_HOST", "app.prod.svc.cluster.local", "TARGET_PORT", "8080", "CONNECTIONS", "1000000", "RATE",
                "20000", "HOLD", "5m", "LEAD_SECONDS", "90"), EXAMPLE.resolve("run-sharded.sh").toString(), "--render"),
                manifest, 30);
        assertEquals(0, render.exitValue(), Files.readString(manifest));
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(manifest.toFile());
        assertEquals("batch/v1", job.at("/apiVersion").asText());
        assertEquals("Job", job.at("/kind").asText());
        assertEquals("Indexed", job.at("/spec/completionMode").asText());
        assertTrue(job.at("/spec/completions").isInt(), "a number, not a string: " + job.at("/spec/completions"));
        assertEquals(50, job.at("/spec/completions").asInt());
        assertEquals(50, job.at("/spec/parallelism").asInt());
        assertEquals(0, job.at("/spec/backoffLimit").asInt(), "a retried shard would start late");
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
        JsonNode shard = job.at("/spec/template/spec/containers/0");
        assertEquals("registry.example/tcpswarm:0.1.0", shard.at("/image").asText());
        List<String> args = new ArrayList<>();
        shard.at("/args").forEach(a -> args.add(a.asText()));
        assertEquals(List.of("app.prod.svc.cluster.local", "8080", "--connections", "1000000", "--rate", "20000",
                "--hold", "5m", "--start-at"), args.subList(0, 9));
        Instant startAt = Instant.parse(args.get(9));
        long lead = Duration.between(before, startAt).getSeconds();
        assertTrue(lead >= 89 && lead <= 92, "--start-at LEAD_SECONDS ahead: " + startAt);
        assertEquals("TCPSWARM_SHARD_COUNT", shard.at("/env/0/name").asText());
        assertEquals("50", shard.at("/env/0/value").asText());
        assertEquals("net.ipv4.ip_local_port_range", job.at("/spec/template/spec/securityContext/sysctls/0/name").asText());
        assertTrue(!Files.readString(manifest).contains("${"), "every value filled in");

        Path bad = dir.resolve("bad.yaml");
        Process refused = JarProcess.runToEnd(bash(Map.of("IMAGE", "x", "TARGET_HOST", "a b", "TARGET_PORT", "1"),
                EXAMPLE.resolve("run-sharded.sh").toString(), "--render"), bad, 30);
        assertEquals(64, refused.exitValue());
        assertTrue(Files.readString(bad).contains("run-sharded.sh: TARGET_HOST='a b' is not a plain word"),
                Files.readString(bad));
    }

    @Test
    void shardsAsPodsRunThemTheirLogsCollectedAndMerged() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            String startAt = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.MILLIS).toString();
            List<Process> pods = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ProcessBuilder pod = new ProcessBuilder("sh", EXAMPLE.resolve("shard.sh").toString(), "127.0.0.1",
                        String.valueOf(server.port()), "--connections", "300", "--rate", "3000", "--hold", "200ms",
                        "--start-at", startAt, "--interval", "100ms");
                pod.environment().putAll(Map.of("JOB_COMPLETION_INDEX", String.valueOf(i), "TCPSWARM_SHARD_COUNT", "2",
                        "TCPSWARM_JAR", JarProcess.jar().toAbsolutePath().toString(), "CI", "true"));
                pods.add(pod.redirectErrorStream(true).redirectOutput(dir.resolve("pod-" + i + ".log").toFile()).start());
            }
            for (Process pod : pods) {
                assertTrue(pod.waitFor(60, TimeUnit.SECONDS), "the pod ends");
                assertEquals(0, pod.exitValue(), Files.readString(dir.resolve("pod-" + pods.indexOf(pod) + ".log")));
            }
            String log = Files.readString(dir.resolve("pod-1.log"));
            assertTrue(log.contains("tcpswarm-shard-result-begin 1 exit 0\n"), log);
            assertTrue(log.contains("--- 127.0.0.1:" + server.port() + " tcp test statistics ---"), "the report too");

            Path results = dir.resolve("results");
            Process collect = JarProcess.runToEnd(bash(Map.of("RESULTS", results.toString()),
                    EXAMPLE.resolve("run-sharded.sh").toString(), "--collect", dir.resolve("pod-0.log").toString(),
                    dir.resolve("pod-1.log").toString()), dir.resolve("collect.out"), 30);
            assertEquals(0, collect.exitValue(), Files.readString(dir.resolve("collect.out")));
            List<String> files = new ArrayList<>(List.of("merge"));
            for (String name : List.of("shard-0.json", "shard-0.hlog", "shard-1.json", "shard-1.hlog")) {
                assertTrue(Files.isRegularFile(results.resolve(name)), name);
                files.add(results.resolve(name).toString());
            }
            files.addAll(List.of("--threshold", "established>=300", "--output", "json"));
            Cli.Outcome merged = Cli.run(files.toArray(new String[0]));
            assertEquals(0, merged.exit(), merged.out() + merged.err());
            JsonNode r = new ObjectMapper().readTree(merged.out());
            assertEquals(300, r.at("/established_total").asInt());
            assertEquals(300, r.at("/max_concurrent").asInt());
            assertEquals(startAt, r.at("/start").asText());
        }
    }

    @Test
    void aPodTooLateForTheStartTimeFailsTheJob() throws Exception {
        ProcessBuilder pod = new ProcessBuilder("sh", EXAMPLE.resolve("shard.sh").toString(), "127.0.0.1", "9",
                "--start-at", Instant.now().minusSeconds(60).toString());
        pod.environment().putAll(Map.of("JOB_COMPLETION_INDEX", "0", "TCPSWARM_SHARD_COUNT", "2", "TCPSWARM_JAR",
                JarProcess.jar().toAbsolutePath().toString()));
        Process late = JarProcess.runToEnd(pod, dir.resolve("late.log"), 60);
        assertEquals(64, late.exitValue(), Files.readString(dir.resolve("late.log")));
        assertTrue(Files.readString(dir.resolve("late.log")).contains("this process came too late to start with the "
                + "others"), Files.readString(dir.resolve("late.log")));
    }
}
