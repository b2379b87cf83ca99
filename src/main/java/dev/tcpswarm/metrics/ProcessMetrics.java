package dev.tcpswarm.metrics;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The metrics every tcpswarm server exposes about itself, beside its command's own:
 * {@code tcpswarm_build_info{version,revision}} (always 1, for joins and for seeing which build
 * runs where), and client_java's JVM and process metrics ({@code jvm_*}, {@code process_*}: memory,
 * GC, threads, CPU seconds, open files, resident memory). The command's thread, before the server
 * starts.
 */
public final class ProcessMetrics {
    private ProcessMetrics() {
    }

    /**
     * Registers them in {@code registry}.
     *
     * @param revision the commit the build was made from, or null when it did not record one
     */
    public static void register(PrometheusRegistry registry, String version, String revision) {
        Info.builder()
                .name("tcpswarm_build_info")
                .help("The tcpswarm build that serves these metrics: its version and the commit it was built from")
                .labelNames("version", "revision")
                .register(registry)
                .addLabelValues(version, revision == null ? "unknown" : revision);
        JvmMetrics.builder().register(registry);
    }
}
