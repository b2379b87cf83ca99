package dev.tcpswarm.monitor.config;

import java.nio.file.Path;
import java.util.Set;

/** {@code logging}: the daily files' directory, the summary period and how long files are kept. Stateless. */
public final class LoggingSection implements ConfigSection<LoggingConfig> {
    public static final LoggingSection INSTANCE = new LoggingSection();

    private LoggingSection() {
    }

    @Override
    public String key() {
        return "logging";
    }

    @Override
    public LoggingConfig read(ConfigNode node, Earlier earlier) throws ConfigException {
        node.allowOnly(Set.of("dir", "summary_every", "keep_days"));
        Path dir = node.get("dir").present() ? Path.of(node.get("dir").text()) : null;
        long every = node.get("summary_every").durationNanos(LoggingConfig.DEFAULT_SUMMARY_EVERY_NANOS);
        if (every < 1_000_000_000L) {
            throw node.get("summary_every").error("too short: use 1s or more");
        }
        return new LoggingConfig(dir, every, node.get("keep_days").integer(0, 100_000, LoggingConfig.DEFAULT_KEEP_DAYS));
    }

    @Override
    public String describe(LoggingConfig value) {
        return String.valueOf(value.dir());
    }
}
