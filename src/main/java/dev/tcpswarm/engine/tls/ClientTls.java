package dev.tcpswarm.engine.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;

/**
 * The client side of TLS for every connection of a run or a monitor's service: one Netty
 * {@link SslContext} built from {@link TlsSettings} (expensive, so once), and a fresh
 * {@link SslHandler} from it per connection. Verification is curl's: the JDK's trust store or the
 * CA file, and the certificate checked against the name typed (JSSE's endpoint identification
 * {@code HTTPS}, on both providers); {@code verify=false} trusts anything and checks no name.
 * Built on any thread; {@link #newHandler} is called on the connection's event loop.
 */
public final class ClientTls {
    private final TlsSettings settings;
    private final SslContext context;

    private ClientTls(TlsSettings settings, SslContext context) {
        this.settings = settings;
        this.context = context;
    }

    /**
     * The client side for these settings.
     *
     * @throws TlsSetupException with a one-line message naming the file or provider at fault
     */
    public static ClientTls build(TlsSettings settings) throws TlsSetupException {
        if (!settings.provider().isAvailable()) {
            throw new TlsSetupException(settings.provider().unavailableBecause() + ": use --tls-provider jdk");
        }
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(settings.provider().netty());
        if (!settings.verify()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            builder.endpointIdentificationAlgorithm("HTTPS");
            if (settings.caFile().isPresent()) {
                Path ca = readable(settings.caFile().get(), "CA file");
                try {
                    builder.trustManager(ca.toFile());
                } catch (IllegalArgumentException e) {
                    throw new TlsSetupException("the CA file " + ca + " holds no PEM certificate: " + reason(e));
                }
            }
        }
        if (settings.certFile().isPresent()) {
            Path cert = readable(settings.certFile().get(), "client certificate");
            Path key = readable(settings.keyFile().orElseThrow(), "client key");
            try {
                builder.keyManager(cert.toFile(), key.toFile());
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("cannot use the client certificate " + cert + " with the key " + key
                        + " (PEM, the key unencrypted PKCS#8): " + reason(e));
            }
        }
        if (!settings.versions().isEmpty()) {
            builder.protocols(settings.versions().stream().map(TlsVersion::protocolName).toArray(String[]::new));
        }
        if (!settings.alpn().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                    SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, settings.alpn()));
        }
        try {
            return new ClientTls(settings, builder.build());
        } catch (SSLException e) {
            throw new TlsSetupException("cannot set up TLS: " + reason(e));
        }
    }

    public TlsSettings settings() {
        return settings;
    }

    /**
     * A handler for one connection to {@code host:port}: it sends the server name (SNI, unless that
     * is an IP address), checks the certificate against it when verifying, and fails its handshake
     * after the settings' timeout. Call on the connection's event loop; the caller adds it first in
     * the pipeline and releases nothing (the handler frees its engine when the channel closes).
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        SslHandler handler = context.newHandler(alloc, bare(settings.nameFor(host)), port);
        handler.setHandshakeTimeoutMillis(settings.handshakeTimeoutMillis());
        return handler;
    }

    /** An IPv6 literal without its brackets, as the engine and the certificate check expect it. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Path readable(Path file, String what) throws TlsSetupException {
        if (!Files.isRegularFile(file)) {
            throw new TlsSetupException("the " + what + " " + file + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new TlsSetupException("the " + what + " " + file + " cannot be read: check its permissions");
        }
        try {
            if (Files.size(file) == 0) {
                throw new TlsSetupException("the " + what + " " + file + " is empty");
            }
        } catch (IOException e) {
            throw new TlsSetupException("the " + what + " " + file + " cannot be read: " + e.getMessage());
        }
        return file;
    }

    private static String reason(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String m = deepest.getMessage() != null ? deepest.getMessage() : e.getMessage();
        if (deepest instanceof GeneralSecurityException || m == null) {
            return deepest.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        }
        return m;
    }
}
