package dev.tcpswarm.engine.tls;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a client does its TLS handshake: an immutable value, built once from the options or a
 * service's {@code tls:} block and read from any thread (the event loops make a handler from it
 * for every connection through {@link ClientTls}).
 *
 * @param verify check the server's certificate as curl does (the JDK's trust store or {@code caFile},
 *     and the host name); false trusts anything ({@code --insecure})
 * @param serverName the name sent as SNI and checked against the certificate; empty to use the host
 *     connected to (an IP address is checked against the certificate's IP entries, and sends no SNI)
 * @param caFile PEM certificates to trust instead of the JDK's trust store; empty for the store
 * @param certFile the client certificate chain (PEM), with {@code keyFile}; empty for none
 * @param keyFile the client certificate's private key (PEM, PKCS#8); empty for none
 * @param versions the versions offered; empty for the provider's defaults (1.2 and 1.3)
 * @param alpn the application protocols offered, in order ({@code h2}, {@code http/1.1}); empty for none
 * @param handshakeTimeoutMillis how long the handshake may take, from its first byte
 * @param provider the TLS implementation
 */
public record TlsSettings(boolean verify, Optional<String> serverName, Optional<Path> caFile,
        Optional<Path> certFile, Optional<Path> keyFile, Set<TlsVersion> versions, List<String> alpn,
        long handshakeTimeoutMillis, TlsProvider provider) {

    /** The handshake timeout unless told otherwise, as curl's and blackbox_exporter's default connect budget. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    public TlsSettings {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(provider, "provider");
        serverName = serverName.filter(n -> !n.isBlank());
        versions = versions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(versions));
        alpn = List.copyOf(alpn);
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs both its certificate and its key file");
        }
        if (handshakeTimeoutMillis < 1) {
            throw new IllegalArgumentException("the handshake timeout must be positive");
        }
    }

    /** Verified as curl would, against the JDK's trust store, with the host connected to as the name. */
    public static TlsSettings verified() {
        return new TlsSettings(true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Set.of(), List.of(), DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, TlsProvider.JDK);
    }

    /** No verification at all ({@code --insecure}). */
    public static TlsSettings insecure() {
        return verified().withVerify(false);
    }

    public TlsSettings withVerify(boolean on) {
        return new TlsSettings(on, serverName, caFile, certFile, keyFile, versions, alpn, handshakeTimeoutMillis,
                provider);
    }

    public TlsSettings withServerName(String name) {
        return new TlsSettings(verify, Optional.ofNullable(name), caFile, certFile, keyFile, versions, alpn,
                handshakeTimeoutMillis, provider);
    }

    public TlsSettings withCaFile(Path pem) {
        return new TlsSettings(verify, serverName, Optional.ofNullable(pem), certFile, keyFile, versions, alpn,
                handshakeTimeoutMillis, provider);
    }

    public TlsSettings withClientCertificate(Path cert, Path key) {
        return new TlsSettings(verify, serverName, caFile, Optional.ofNullable(cert), Optional.ofNullable(key),
                versions, alpn, handshakeTimeoutMillis, provider);
    }

    public TlsSettings withVersions(Set<TlsVersion> offered) {
        return new TlsSettings(verify, serverName, caFile, certFile, keyFile, offered, alpn, handshakeTimeoutMillis,
                provider);
    }

    public TlsSettings withAlpn(List<String> protocols) {
        return new TlsSettings(verify, serverName, caFile, certFile, keyFile, versions, protocols,
                handshakeTimeoutMillis, provider);
    }

    public TlsSettings withHandshakeTimeoutMillis(long millis) {
        return new TlsSettings(verify, serverName, caFile, certFile, keyFile, versions, alpn, millis, provider);
    }

    public TlsSettings withProvider(TlsProvider p) {
        return new TlsSettings(verify, serverName, caFile, certFile, keyFile, versions, alpn, handshakeTimeoutMillis,
                p);
    }

    /** The name the handshake sends and checks: the one given, else the host connected to. */
    public String nameFor(String host) {
        return serverName.orElse(host);
    }
}
