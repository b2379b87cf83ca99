package dev.tcpswarm.monitor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a service's {@code tls:} block and its address's scheme ({@code tls://host:port} turns TLS
 * on with the defaults, {@code tcp://} or none leaves it off), with the config's one-line errors.
 * Used by the services' reader for each service; one thread.
 */
public final class ServiceTlsSection {
    private static final Set<String> KEYS =
            Set.of("server_name", "ca_file", "verify", "expiry_warning", "expiry_critical", "alpn");

    private ServiceTlsSection() {
    }

    /** The address without its {@code tls://} or {@code tcp://} scheme. */
    public static String withoutScheme(String address) {
        String lower = address.trim().toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"tls://", "tcp://"}) {
            if (lower.startsWith(scheme)) {
                return address.trim().substring(scheme.length());
            }
        }
        return address;
    }

    /** True when the address asks for TLS ({@code tls://}). */
    public static boolean tlsScheme(String address) {
        return address.trim().toLowerCase(Locale.ROOT).startsWith("tls://");
    }

    /**
     * The service's TLS, or null for none.
     *
     * @param node the service's {@code tls} key (may be absent)
     * @param address the service's address as written
     */
    public static ServiceTls read(ConfigNode node, ConfigNode address) throws ConfigException {
        boolean scheme = tlsScheme(address.text());
        if (!node.present()) {
            return scheme ? ServiceTls.DEFAULTS : null;
        }
        if (address.text().trim().toLowerCase(Locale.ROOT).startsWith("tcp://")) {
            throw address.error("the address says tcp:// but the service has a tls block: write tls:// or drop one");
        }
        if (!node.isMapping()) { // tls: true (false: as the address says)
            return node.bool(false) || scheme ? ServiceTls.DEFAULTS : null;
        }
        node.allowOnly(KEYS);
        Optional<String> name = Optional.ofNullable(node.get("server_name").text(null));
        if (name.isPresent() && (name.get().isBlank() || name.get().chars().anyMatch(c -> c <= ' '))) {
            throw node.get("server_name").error("a server name has no spaces or control characters");
        }
        Optional<Path> ca = Optional.empty();
        if (node.get("ca_file").present()) {
            Path file = Path.of(node.get("ca_file").text());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw node.get("ca_file").error("cannot read " + file + ": give a readable PEM file");
            }
            ca = Optional.of(file);
        }
        long warning = node.get("expiry_warning").durationNanos(ServiceTls.DEFAULT_WARNING_NANOS);
        long critical = node.get("expiry_critical").durationNanos(
                Math.min(ServiceTls.DEFAULT_CRITICAL_NANOS, warning));
        if (critical > warning) {
            throw node.get("expiry_critical").error("longer than expiry_warning: critical comes after the warning");
        }
        List<String> alpn = node.get("alpn").texts();
        for (String protocol : alpn) {
            if (protocol.isBlank() || protocol.length() > 255 || protocol.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw node.get("alpn").error("an ALPN protocol is 1 to 255 printable characters without spaces "
                        + "(h2, http/1.1), got '" + protocol + "'");
            }
        }
        return new ServiceTls(name, ca, node.get("verify").bool(true), warning, critical, alpn);
    }
}
