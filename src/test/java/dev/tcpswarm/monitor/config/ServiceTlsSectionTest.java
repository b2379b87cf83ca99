package dev.tcpswarm.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpswarm.engine.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's {@code tls:} block and the {@code tls://} quick form, read with the config's one-line errors. */
class ServiceTlsSectionTest {
    @TempDir
    Path dir;

    private static MonitorConfig read(String yaml) throws ConfigException {
        return new ConfigReader(List.of()).read("m.yaml", yaml);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> read(yaml)).getMessage();
    }

    @Test
    void theBlockIsReadWithItsLimits() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ServiceConfig s = read("""
                services:
                  - name: api
                    address: 127.0.0.1:8443
                    tls:
                      server_name: api.internal
                      ca_file: %s
                      verify: true
                      expiry_warning: 14d
                      expiry_critical: 3d
                  - name: db
                    address: 127.0.0.1:5432
                """.formatted(ca)).services().get(0);
        assertEquals(new ServiceTls(Optional.of("api.internal"), Optional.of(ca), true, TimeUnit.DAYS.toNanos(14),
                TimeUnit.DAYS.toNanos(3)), s.tls());
        TlsSettings settings = s.tls().settings(s.timeoutMillis());
        assertEquals("api.internal", settings.nameFor("127.0.0.1"));
        assertEquals(Optional.of(ca), settings.caFile());
        assertEquals(s.timeoutMillis(), settings.handshakeTimeoutMillis());
        assertNull(read("services:\n  - name: db\n    address: 127.0.0.1:5432\n").services().get(0).tls());
    }

    @Test
    void theQuickFormAndTrueTakeTheDefaults() throws Exception {
        ServiceConfig quick = read("services:\n  - name: api\n    address: tls://example.org:443\n").services().get(0);
        assertEquals(ServiceTls.DEFAULTS, quick.tls());
        assertEquals("example.org", quick.host());
        assertEquals(443, quick.port());
        assertEquals(ServiceTls.DEFAULTS,
                read("services:\n  - name: api\n    address: example.org:443\n    tls: true\n").services().get(0).tls());
        assertNull(read("services:\n  - name: api\n    address: tcp://example.org:443\n").services().get(0).tls());
        MonitorConfig watch = ConfigReader.quickWatch(List.of("tls://127.0.0.1:8443", "127.0.0.1:22"), 1_000_000_000L,
                1000L);
        assertEquals(ServiceTls.DEFAULTS, watch.services().get(0).tls());
        assertEquals("tls://127.0.0.1:8443", watch.services().get(0).name());
        assertEquals(8443, watch.services().get(0).port());
        assertNull(watch.services().get(1).tls());
        ServiceTls insecure = read("services:\n  - name: api\n    address: tls://127.0.0.1:443\n    tls:\n"
                + "      verify: false\n      expiry_warning: 2d\n").services().get(0).tls();
        assertFalse(insecure.verify());
        assertEquals(TimeUnit.DAYS.toNanos(2), insecure.expiryWarningNanos());
        assertEquals(TimeUnit.DAYS.toNanos(2), insecure.expiryCriticalNanos(), "the critical default fits under the warning");
        assertFalse(insecure.settings(1000).verify());
    }

    @Test
    void mistakesAreNamedInOneLine() {
        assertEquals("m.yaml:5: services[0].tls.ca_file: cannot read /nonexistent/ca.pem: give a readable PEM file",
                error("services:\n  - name: api\n    address: 127.0.0.1:443\n    tls:\n      ca_file: /nonexistent/ca.pem\n"));
        assertEquals("m.yaml:6: services[0].tls.expiry_critical: longer than expiry_warning: critical comes after the warning",
                error("services:\n  - name: api\n    address: 127.0.0.1:443\n    tls:\n      expiry_warning: 3d\n"
                        + "      expiry_critical: 14d\n"));
        assertEquals("m.yaml:3: services[0].address: the address says tcp:// but the service has a tls block: write "
                + "tls:// or drop one", error("services:\n  - name: api\n    address: tcp://127.0.0.1:443\n    tls:\n"
                        + "      verify: false\n"));
        String unknown = error("services:\n  - name: api\n    address: 127.0.0.1:443\n    tls:\n      sni: x\n");
        assertEquals(true, unknown.startsWith("m.yaml:5: services[0].tls.sni: unknown key"), unknown);
    }
}
