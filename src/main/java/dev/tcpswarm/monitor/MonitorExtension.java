package dev.tcpswarm.monitor;

import com.sun.net.httpserver.HttpHandler;
import dev.tcpswarm.monitor.config.ConfigSection;
import dev.tcpswarm.monitor.config.MonitorConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A feature that plugs into {@code tcpswarm monitor} without changing it (the lasting store, the
 * status page): config sections it reads, and for each run an {@link Attachment} with the sinks it
 * adds to the pipeline, the pages it serves on the monitor's one HTTP server, and where the services
 * stood when monitoring last stopped. The command's thread calls {@link #sections} and
 * {@link #attach}, before the monitor starts, and closes the attachment after the monitor closed.
 */
public interface MonitorExtension {
    /** Top-level config sections it reads (their values land in {@link MonitorConfig#extension}). */
    default List<ConfigSection<?>> sections() {
        return List.of();
    }

    /**
     * Joins one run of the monitor.
     *
     * @return what it adds to this run; {@link Attachment#NONE} when the config does not ask for it
     * @throws ExtensionException when it cannot start (the run does not start; one line for the user)
     */
    Attachment attach(Context context) throws ExtensionException;

    /**
     * What an extension is given for one run.
     *
     * @param registry where its metrics go; null when the monitor serves no metrics
     * @param err for its one-line warnings
     */
    record Context(MonitorConfig config, MonitorClock clock, PrometheusRegistry registry, PrintStream err) {
    }

    /** An extension's part in one run; closed by the command once the monitor has closed. */
    interface Attachment extends AutoCloseable {
        /** The attachment of an extension the config does not use. */
        Attachment NONE = new Attachment() {
        };

        /** Sinks, after the built-in ones. */
        default List<MonitorListener> sinks() {
            return List.of();
        }

        /** The handler of every HTTP path but {@code /metrics}, or null for none. */
        default HttpHandler pages() {
            return null;
        }

        /**
         * What it says of itself in the monitor's start line ({@code history in monitor.db}), or null.
         *
         * @param http the address of the monitor's HTTP server, null for none
         */
        default String banner(InetSocketAddress http) {
            return null;
        }

        /** The address of the status page it serves on {@code http}, for the notices' link; null for none. */
        default String statusPage(InetSocketAddress http) {
            return null;
        }

        /** Sources of results it adds (an access log), started and stopped with the probes. */
        default List<Source> sources() {
            return List.of();
        }

        /** Where services, groups and alerts stood when monitoring last stopped; empty for none. */
        default Resume resume() {
            return Resume.NONE;
        }

        /** Flushes and lets go of what it holds (after the monitor's final summary). */
        @Override
        default void close() {
        }
    }

    /** An extension cannot start: the message is one line for stderr, the exit code says what kind of failure. */
    final class ExtensionException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        public ExtensionException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
