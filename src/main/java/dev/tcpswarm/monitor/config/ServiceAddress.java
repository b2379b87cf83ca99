package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.conversation.BuiltInCheck;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A service's address as written, in a config or on the command line: {@code host:port} or
 * {@code [ipv6]:port}, with an optional scheme: {@code tcp://} (plain), {@code tls://} (a TLS
 * handshake), or a built-in check's ({@code redis://}, {@code smtp+starttls://}, ... from
 * {@link BuiltInCheck#scheme()}), whose port may be left out for the check's default. Pure.
 *
 * @param tls true for {@code tls://}
 * @param check the check its scheme names, or null
 */
public record ServiceAddress(String host, int port, boolean tls, BuiltInCheck check) {

    /** Parses {@code text}, with a one-line error for a bad address or an unknown scheme. */
    public static ServiceAddress parse(String text) {
        String t = text.trim();
        int sep = t.indexOf("://");
        if (sep < 0) {
            String[] hp = ConfigValues.hostAndPort(t);
            return new ServiceAddress(hp[0], Integer.parseInt(hp[1]), false, null);
        }
        String scheme = t.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = t.substring(sep + 3);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1); // http://host:8080/
        }
        if (scheme.equals("tcp") || scheme.equals("tls")) {
            String[] hp = ConfigValues.hostAndPort(rest);
            return new ServiceAddress(hp[0], Integer.parseInt(hp[1]), scheme.equals("tls"), null);
        }
        BuiltInCheck check = BuiltInCheck.named(scheme).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' has an unknown scheme: use tcp://, tls:// or a check's: "
                + BuiltInCheck.names().stream().map(n -> n + "://").collect(Collectors.joining(", "))));
        boolean hasPort = rest.startsWith("[") ? rest.contains("]:") : rest.indexOf(':') > 0;
        if (!hasPort && !rest.isEmpty() && (rest.startsWith("[") || rest.indexOf(':') < 0)) {
            rest = rest + ":" + check.defaultPort();
        }
        String[] hp;
        try {
            hp = ConfigValues.hostAndPort(rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address: write " + scheme + "://host, "
                    + scheme + "://host:port or " + scheme + "://[ipv6]:port");
        }
        return new ServiceAddress(hp[0], Integer.parseInt(hp[1]), false, check);
    }
}
