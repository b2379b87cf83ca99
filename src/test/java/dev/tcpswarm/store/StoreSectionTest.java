package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpswarm.monitor.config.ConfigException;
import dev.tcpswarm.monitor.config.ConfigReader;
import dev.tcpswarm.monitor.config.MonitorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code store} section: its defaults, and a bad value as one line naming the file, the line and the key. */
class StoreSectionTest {
    private static final String SERVICES = "services: [{name: a, address: \"127.0.0.1:1\"}]\n";

    private static StoreConfig read(String store) throws ConfigException {
        MonitorConfig c = new ConfigReader(List.of(StoreSection.INSTANCE)).read("m.yaml", SERVICES + store);
        return c.extension(StoreSection.INSTANCE, StoreConfig.class);
    }

    private static String error(String store) {
        return assertThrows(ConfigException.class, () -> read(store)).getMessage();
    }

    @Test
    void defaultsAndSettings() throws Exception {
        assertNull(read(""), "no section, no store");
        assertEquals(StoreConfig.at(Path.of("h.db")), read("store: {path: h.db}"));
        assertEquals(new StoreConfig(Path.of("/x/h.db"), TimeUnit.DAYS.toMillis(7), TimeUnit.DAYS.toMillis(90), 5000),
                read("store: {path: /x/h.db, retention: 7d, rollup_retention: 90d, queue: 5000}"));
        assertEquals(TimeUnit.DAYS.toMillis(500), read("store: {path: h.db, retention: 500d}").rollupRetentionMillis(),
                "the rollups are kept at least as long as the probes");
    }

    @Test
    void badValuesAreOneLine() {
        assertEquals("m.yaml:2: store.retain: unknown key 'retain' (known here: path, queue, retention, rollup_retention)",
                error("store: {path: h.db, retain: 3d}"));
        assertEquals("m.yaml:2: store.path: missing: this key is required", error("store: {retention: 3d}"));
        assertEquals("m.yaml:2: store.rollup_retention: shorter than retention: the rollups are kept at least as long as"
                + " the probes", error("store: {path: h.db, retention: 30d, rollup_retention: 7d}"));
        assertEquals("m.yaml:2: store.retention: too short: keep at least 1h", error("store: {path: h.db, retention: 10m}"));
        assertEquals("m.yaml:2: store: expected a mapping, e.g. {path: /var/lib/tcpswarm/monitor.db, retention: 30d}",
                error("store: h.db"));
    }
}
