package dev.tcpswarm.monitor;

import com.sun.net.httpserver.HttpHandler;
import dev.tcpswarm.monitor.config.ConfigSection;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.util.List;

/**
 * A feature that plugs into {@code tcpswarm monitor} without changing it (the lasting store, the
 * status page): config sections it reads, sinks it adds to the pipeline, and the pages it serves on
 * the monitor's one HTTP server. The command asks each extension once, on its thread, before the
 * monitor starts.
 */
public interface MonitorExtension {
    /** Top-level config sections it reads (their values land in {@link MonitorConfig#extension}). */
    default List<ConfigSection<?>> sections() {
        return List.of();
    }

    /** Sinks for {@code config}, after the built-in ones. */
    default List<MonitorListener> sinks(MonitorConfig config) {
        return List.of();
    }

    /** The handler of every HTTP path but {@code /metrics}, or null for none. */
    default HttpHandler pages(MonitorConfig config) {
        return null;
    }
}
