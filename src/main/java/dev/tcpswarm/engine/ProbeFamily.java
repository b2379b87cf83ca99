package dev.tcpswarm.engine;

import java.util.Locale;

/**
 * Which addresses of a host a probe connects to: the first the system returns ({@code auto}), the
 * first IPv4 or IPv6 one, or one of each ({@code both}: the probe is open only when both are).
 */
public enum ProbeFamily {
    AUTO, IPV4, IPV6, BOTH;

    /** The lower-case name used in config files. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code auto}, {@code ipv4}, {@code ipv6} or {@code both}, in any case. */
    public static ProbeFamily parse(String text) {
        for (ProbeFamily f : values()) {
            if (f.key().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a family: use auto, ipv4, ipv6 or both");
    }
}
