package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code log} and {@code stdout}: one line per notice, handed to a line sink of the monitor's
 * (the events file, or the console). Any thread; the sinks queue, so a delivery never blocks.
 */
final class LineChannel implements Channel {
    private final ChannelConfig config;
    private final Function<Notice, String> format;
    private final Consumer<String> sink;

    private LineChannel(ChannelConfig config, Function<Notice, String> format, Consumer<String> sink) {
        this.config = config;
        this.format = format;
        this.sink = sink;
    }

    /** {@code ALERT db-down FIRING: ...} in the events file (stderr without one). */
    static LineChannel log(ChannelConfig config, Consumer<String> log) {
        return new LineChannel(config, notice -> "ALERT " + notice.line(), log);
    }

    /** {@code 2025-10-08 14:30:00 ALERT db-down FIRING: db DOWN (...)} on the console. */
    static LineChannel stdout(ChannelConfig config, Consumer<String> out) {
        return new LineChannel(config, notice -> notice.localTime() + " ALERT " + notice.line(), out);
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
        sink.accept(format.apply(notice));
        return CompletableFuture.completedFuture(Attempt.ok());
    }
}
