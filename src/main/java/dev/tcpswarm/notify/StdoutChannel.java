package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** {@code stdout}: {@code 2025-10-08 14:30:00 ALERT db-down FIRING: db DOWN (...)} on the console. Any thread. */
final class StdoutChannel implements Channel {
    private final ChannelConfig config;
    private final Consumer<String> out;

    StdoutChannel(ChannelConfig config, Consumer<String> out) {
        this.config = config;
        this.out = out;
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
        out.accept(notice.localTime() + " ALERT " + notice.line());
        return CompletableFuture.completedFuture(Attempt.ok());
    }
}
