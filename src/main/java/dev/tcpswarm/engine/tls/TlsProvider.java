package dev.tcpswarm.engine.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * Which TLS implementation does the handshakes: the JDK's own (always there) or BoringSSL through
 * netty-tcnative ({@code openssl}), which exists only where its native library loads on this
 * machine. A load run takes {@link #preferred()}: BoringSSL made full handshakes 4.3 times cheaper
 * here (docs/performance.md), and only with it does tcpswarm reach {@code openssl s_time}'s rate.
 */
public enum TlsProvider {
    JDK("jdk", SslProvider.JDK),
    OPENSSL("openssl", SslProvider.OPENSSL);

    private final String key;
    private final SslProvider netty;

    TlsProvider(String key, SslProvider netty) {
        this.key = key;
        this.netty = netty;
    }

    /** The name users type and reports show: {@code jdk} or {@code openssl}. */
    public String key() {
        return key;
    }

    SslProvider netty() {
        return netty;
    }

    /** True when this provider can be used here (the JDK's always; BoringSSL when its library loads). */
    public boolean isAvailable() {
        return this == JDK || OpenSsl.isAvailable();
    }

    /** BoringSSL where its library loads, else the JDK's: what a load run uses unless told. */
    public static TlsProvider preferred() {
        return OPENSSL.isAvailable() ? OPENSSL : JDK;
    }

    /** Why this provider cannot be used here, for a one-line message; empty when it can. */
    public String unavailableBecause() {
        if (isAvailable()) {
            return "";
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return "the OpenSSL provider (netty-tcnative) does not load on this machine"
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /**
     * The provider for {@code jdk} or {@code openssl}.
     *
     * @throws IllegalArgumentException naming the providers there are
     */
    public static TlsProvider parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (TlsProvider p : values()) {
            if (p.key.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown TLS provider '" + text + "': use jdk or openssl");
    }
}
