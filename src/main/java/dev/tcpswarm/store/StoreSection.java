package dev.tcpswarm.store;

import dev.tcpswarm.monitor.config.ConfigException;
import dev.tcpswarm.monitor.config.ConfigNode;
import dev.tcpswarm.monitor.config.ConfigSection;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code store} section of the monitor's config:
 * {@code store: {path: monitor.db, retention: 30d, rollup_retention: 400d, queue: 100000}}. Absent: no
 * store. One thread (the config reader's).
 */
public final class StoreSection implements ConfigSection<StoreConfig> {
    /** The one instance: the section is stateless. */
    public static final StoreSection INSTANCE = new StoreSection();

    private StoreSection() {
    }

    @Override
    public String key() {
        return "store";
    }

    @Override
    public StoreConfig read(ConfigNode node, Earlier earlier) throws ConfigException {
        if (!node.present()) {
            return null;
        }
        if (!node.isMapping()) {
            throw node.error("expected a mapping, e.g. {path: /var/lib/tcpswarm/monitor.db, retention: 30d}");
        }
        node.allowOnly(Set.of("path", "retention", "rollup_retention", "queue"));
        Path path = Path.of(node.get("path").text());
        long retention = millis(node.get("retention"), StoreConfig.DEFAULT_RETENTION_MILLIS);
        ConfigNode rollupNode = node.get("rollup_retention");
        long rollups = millis(rollupNode, Math.max(retention, StoreConfig.DEFAULT_ROLLUP_RETENTION_MILLIS));
        if (rollups < retention) {
            throw rollupNode.error("shorter than retention: the rollups are kept at least as long as the probes");
        }
        int queue = node.get("queue").integer(1000, 10_000_000, StoreConfig.DEFAULT_QUEUE_ROWS);
        return new StoreConfig(path, retention, rollups, queue);
    }

    /** Running stores are named by their file. */
    @Override
    public String describe(StoreConfig value) {
        return value == null ? "none" : value.path().toString();
    }

    /** {@code --store FILE}: the file's settings with this path, or the defaults at it. */
    @Override
    public StoreConfig withOption(StoreConfig configured, String path) {
        Path file = Path.of(path);
        return configured != null ? configured.withPath(file) : StoreConfig.at(file);
    }

    private static long millis(ConfigNode node, long fallbackMillis) throws ConfigException {
        long nanos = node.durationNanos(TimeUnit.MILLISECONDS.toNanos(fallbackMillis));
        if (nanos < TimeUnit.HOURS.toNanos(1)) {
            throw node.error("too short: keep at least 1h");
        }
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
