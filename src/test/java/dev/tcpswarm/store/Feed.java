package dev.tcpswarm.store;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.Listeners;
import dev.tcpswarm.monitor.ManualClock;
import dev.tcpswarm.monitor.MonitorCore;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.Results;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The monitor's pipeline logic (a real {@link MonitorCore}) with the store's real writer as a sink,
 * fed probe results at the manual clock's times: hours of monitoring written in a second.
 */
final class Feed implements AutoCloseable {
    final ManualClock clock;
    final MonitorConfig config;
    final StoreWriter writer;
    final MonitorCore core;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    Feed(ManualClock clock, String yaml) throws Exception {
        this(clock, yaml, null, c -> List.of());
    }

    /** {@code yaml} must have a store section; the {@code extra} sinks for the config go before the writer. */
    Feed(ManualClock clock, String yaml, Path logDir, Function<MonitorConfig, List<MonitorListener>> extra)
            throws Exception {
        this.clock = clock;
        MonitorConfig c = new ConfigReader(List.of(StoreSection.INSTANCE)).read("test.yaml", yaml);
        this.config = logDir == null ? c : c.withLogDir(logDir);
        StoreConfig store = config.extension(StoreSection.INSTANCE, StoreConfig.class);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        this.writer = new StoreWriter(store, StoreFile.open(store.path(), true, false), clock, err, null);
        Listeners sinks = new Listeners(err);
        extra.apply(config).forEach(sinks::add);
        sinks.add(writer);
        this.core = new MonitorCore(config, clock, sinks);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    static ProbeResult open(String service, ManualClock clock, long connectMicros) {
        return Results.openMicros(service, clock, connectMicros);
    }

    static ProbeResult failed(String service, ManualClock clock, ProbeOutcome outcome) {
        return Results.failed(service, clock, outcome);
    }

    /** Lets the writer catch up: every row written, the minutes that are over rolled up. */
    void flush() throws InterruptedException {
        if (!writer.flush(10_000)) {
            throw new AssertionError("the writer did not catch up within 10 s; stderr: " + err());
        }
    }

    @Override
    public void close() {
        core.finish();
        writer.close();
    }
}
