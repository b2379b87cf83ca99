package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** {@code log}: {@code ALERT db-down FIRING: ...} in the events file (stderr without one). Any thread. */
final class LogChannel implements Channel {
    private final ChannelConfig config;
    private final Consumer<String> log;

    LogChannel(ChannelConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean quick() {
        return true;
    }

    @Override
    public CompletableFuture<Attempt> deliver(Notice notice) {
        log.accept("ALERT " + notice.line());
        return CompletableFuture.completedFuture(Attempt.ok());
    }
}
