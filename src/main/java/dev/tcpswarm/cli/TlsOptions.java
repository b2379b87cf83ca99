package dev.tcpswarm.cli;

import dev.tcpswarm.engine.Phase;
import dev.tcpswarm.engine.TlsPhase;
import dev.tcpswarm.engine.tls.ClientTls;
import dev.tcpswarm.engine.tls.TlsProvider;
import dev.tcpswarm.engine.tls.TlsSettings;
import dev.tcpswarm.engine.tls.TlsSetupException;
import dev.tcpswarm.engine.tls.TlsVersion;
import dev.tcpswarm.plan.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The TLS options of {@code run} and {@code ramp}: a handshake after every connect, verified as
 * curl does (the JDK's trust store or {@code --ca}, the certificate checked against the name typed
 * or {@code --sni}), or not at all ({@code --insecure}). Picocli fills it on the command's thread;
 * {@link #phases} turns it into the engine's TLS phase, or none.
 */
public final class TlsOptions {
    @Option(names = "--tls", description = "After each connect, a TLS handshake, verified as curl does "
            + "(the JDK's trust store, the certificate checked against the name typed); its failures are errors "
            + "with their own reasons (errors_tls_expired, ...)")
    boolean tls;

    @Option(names = "--insecure", description = "With --tls: verify nothing (any certificate, any name)")
    boolean insecure;

    @Option(names = "--sni", paramLabel = "NAME", description = "With --tls: the server name sent (SNI) and checked, "
            + "instead of the name typed")
    String sni;

    @Option(names = "--ca", paramLabel = "FILE", description = "With --tls: trust the CA certificates in this PEM file "
            + "instead of the JDK's")
    Path ca;

    @Option(names = "--tls-version", paramLabel = "1.2|1.3", description = "With --tls: offer only this version")
    String version;

    @Option(names = "--alpn", paramLabel = "LIST", split = ",", description = "With --tls: the application protocols "
            + "offered by ALPN, e.g. h2,http/1.1")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--cert", paramLabel = "FILE", description = "With --tls: the client certificate (PEM), with --key")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "With --tls: the client certificate's key "
            + "(PEM, unencrypted PKCS#8)")
    Path key;

    @Option(names = "--tls-provider", paramLabel = "jdk|openssl", description = "With --tls: the TLS implementation, "
            + "BoringSSL through netty-tcnative (the default where it loads) or the JDK's (the default elsewhere)")
    String provider;

    /**
     * The settings these options ask for, or null without {@code --tls}; the handshake's timeout is
     * the connect's ({@code --timeout}).
     *
     * @throws UsageException for an option that needs {@code --tls}, a bad version, or half a client certificate
     */
    TlsSettings settings(long handshakeTimeoutMillis) {
        if (!tls) {
            String given = insecure ? "--insecure" : sni != null ? "--sni" : ca != null ? "--ca" : version != null
                    ? "--tls-version" : !alpn.isEmpty() ? "--alpn" : cert != null ? "--cert" : key != null ? "--key"
                    : provider != null ? "--tls-provider" : null;
            if (given != null) {
                throw new UsageException(given + " is a TLS option: add --tls");
            }
            return null;
        }
        if ((cert == null) != (key == null)) {
            throw new UsageException("a client certificate needs both --cert FILE and --key FILE");
        }
        TlsSettings s = (insecure ? TlsSettings.insecure() : TlsSettings.verified())
                .withHandshakeTimeoutMillis(Math.max(1, handshakeTimeoutMillis));
        if (sni != null) {
            s = s.withServerName(sni);
        }
        if (ca != null) {
            if (insecure) {
                throw new UsageException("--ca and --insecure exclude each other: --insecure verifies nothing");
            }
            s = s.withCaFile(ca);
        }
        try {
            if (version != null) {
                s = s.withVersions(Set.of(TlsVersion.parse(version)));
            }
            s = s.withProvider(provider != null ? TlsProvider.parse(provider) : TlsProvider.preferred());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!alpn.isEmpty()) {
            s = s.withAlpn(alpn);
        }
        if (cert != null) {
            s = s.withClientCertificate(cert, key);
        }
        return s;
    }

    /** The engine's phases for these options at {@code target}: the TLS handshake, or none. */
    List<Phase> phases(Target target, long handshakeTimeoutMillis) {
        TlsSettings s = settings(handshakeTimeoutMillis);
        if (s == null) {
            return List.of();
        }
        try {
            return List.of(new TlsPhase(ClientTls.build(s), target.host(), target.port()));
        } catch (TlsSetupException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
