package dev.tcpswarm.engine;

import dev.tcpswarm.engine.conversation.Conversation;
import dev.tcpswarm.engine.tls.TlsSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * What one probe does: connect to {@code host:port} (a name is looked up afresh for every probe),
 * within {@code timeoutMillis} per attempt, up to {@code attempts} times until one is open; with
 * {@code tls}, a TLS handshake after the connect (its own timeout, the settings'), checked against
 * {@code host} (or the settings' server name); with {@code conversation}, its send and expect steps
 * after that (each send, and each expect without a timeout of its own, within {@code timeoutMillis}).
 * A conversation that upgrades with {@code starttls} uses {@code tls} (or the verified defaults) for
 * its handshake, which then comes in the conversation, not right after the connect.
 */
public record ProbeRequest(String host, int port, ProbeFamily family, long timeoutMillis, int attempts,
        Optional<TlsSettings> tls, Optional<Conversation> conversation) {

    /** A plain TCP probe. */
    public ProbeRequest(String host, int port, ProbeFamily family, long timeoutMillis, int attempts) {
        this(host, port, family, timeoutMillis, attempts, Optional.empty(), Optional.empty());
    }

    /** A probe with TLS (or none) and no conversation. */
    public ProbeRequest(String host, int port, ProbeFamily family, long timeoutMillis, int attempts,
            Optional<TlsSettings> tls) {
        this(host, port, family, timeoutMillis, attempts, tls, Optional.empty());
    }

    public ProbeRequest {
        Objects.requireNonNull(tls);
        Objects.requireNonNull(conversation);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (timeoutMillis < 1 || attempts < 1) {
            throw new IllegalArgumentException("timeout and attempts must be positive");
        }
    }
}
