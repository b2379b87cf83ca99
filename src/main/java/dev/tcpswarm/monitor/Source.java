package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.config.MonitorConfig;
import java.util.function.Consumer;

/**
 * Where the monitor's results come from: a source emits results on its own clock into the one
 * pipeline, which judges, alerts and writes them alike whatever made them. TCP probes are one
 * ({@link TcpProbeSource}), access logs are another
 * ({@code traffic.AccessLogSource}). The command's thread calls
 * {@link #start}, {@link #stop} and {@link #awaitIdle}; {@link #reload} comes from the pipeline
 * thread; results may be handed over from any thread.
 */
public interface Source {
    /** For messages: {@code tcp probes}. */
    String name();

    /** Begins emitting results for what {@code config} asks of this source, each to {@code results}. */
    void start(MonitorConfig config, Consumer<SourceResult> results);

    /** Follows a new config: what was added starts, what changed restarts, what is gone stops. */
    void reload(MonitorConfig config);

    /** No new result begins after this; those under way are still handed over. */
    void stop();

    /** Waits up to {@code millis} for the results under way; true when none is left. */
    boolean awaitIdle(long millis) throws InterruptedException;

    /**
     * A wall time before which every result this source started has been handed over: the start of
     * the oldest result under way, else now. The pipeline reads it before it takes the queue, so a
     * summary goes out once no probe that started in its period is still out ({@link MonitorCore#tick(long)}).
     * Any thread. A source whose results are not probes says {@link Long#MAX_VALUE}.
     */
    default long settledEpochMillis() {
        return Long.MAX_VALUE;
    }
}
