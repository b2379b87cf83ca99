package dev.tcpswarm.engine.tls;

import java.util.Locale;

/** A TLS protocol version a client may offer, as the user types it ({@code 1.2}) and as JSSE names it. */
public enum TlsVersion {
    TLS_1_2("1.2", "TLSv1.2"),
    TLS_1_3("1.3", "TLSv1.3");

    private final String typed;
    private final String protocolName;

    TlsVersion(String typed, String protocolName) {
        this.typed = typed;
        this.protocolName = protocolName;
    }

    /** The version as typed on the command line and in configs, e.g. {@code 1.3}. */
    public String typed() {
        return typed;
    }

    /** The name JSSE and Netty use, e.g. {@code TLSv1.3}. */
    public String protocolName() {
        return protocolName;
    }

    /**
     * The version for {@code 1.2}, {@code 1.3} (also {@code TLSv1.3} or {@code tls1.3}).
     *
     * @throws IllegalArgumentException naming the versions there are
     */
    public static TlsVersion parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"tlsv", "tls"}) {
            if (t.startsWith(prefix)) {
                t = t.substring(prefix.length());
                break;
            }
        }
        for (TlsVersion v : values()) {
            if (v.typed.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown TLS version '" + text + "': use 1.2 or 1.3");
    }
}
