package dev.tcpswarm.engine;

import dev.tcpswarm.engine.tls.TlsFailureClassifier;
import dev.tcpswarm.stats.ErrorReason;
import io.netty.channel.ConnectTimeoutException;
import java.net.BindException;
import java.net.NoRouteToHostException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;

/**
 * Turns a failed connect into an {@link ErrorReason}: by exception type first, then by the operating
 * system's message anywhere in the cause chain, because the epoll and NIO transports word the same
 * failure differently (epoll: {@code connect(..) failed with error(-111): Connection refused}; port
 * exhaustion is a ConnectException on epoll and a BindException on NIO). "Cannot assign requested
 * address" (EADDRNOTAVAIL) from the bind to a source address means that address is not on this
 * host; from the connect, that no local port is left: epoll names the call in its message, NIO only
 * in the stack of its BindException.
 */
public final class FailureClassifier {
    private FailureClassifier() {
    }

    public static ErrorReason classify(Throwable failure) {
        if (failure instanceof ConnectTimeoutException) { // a ConnectException too: test it first
            return ErrorReason.TIMEOUT;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (sourceNotLocal(t)) { // before the messages: NIO's outer exception words it as port exhaustion
                return ErrorReason.SOURCE_NOT_LOCAL;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ErrorReason byMessage = byMessage(t.getMessage());
            if (byMessage != null) {
                return byMessage;
            }
            if (t instanceof NoRouteToHostException || t instanceof UnsupportedAddressTypeException) {
                // NIO's word for epoll's "Address family not supported" (no IPv6 in this namespace)
                return ErrorReason.UNREACHABLE;
            }
        }
        return failure instanceof BindException ? ErrorReason.PORTS_EXHAUSTED : ErrorReason.OTHER;
    }

    /**
     * True when a failed connect got as far as an established connection: ECONNRESET from finishing
     * a connect means the handshake completed and the server then reset the connection (a reset
     * answering the SYN is ECONNREFUSED instead). Such a connection was established, then reset by
     * the server, however the reset raced the connect's completion.
     */
    public static boolean handshakeCompleted(Throwable connectFailure) {
        return classify(connectFailure) == ErrorReason.RESET;
    }

    /** EADDRNOTAVAIL from binding to the source address (epoll: {@code bind(..) failed}; NIO: thrown by a bind). */
    private static boolean sourceNotLocal(Throwable t) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (!m.contains("cannot assign requested address")) {
            return false;
        }
        if (m.startsWith("bind(")) {
            return true;
        }
        if (t instanceof BindException) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getMethodName().equals("bind")) {
                    return true;
                }
                if (frame.getMethodName().equals("connect")) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * A failed TLS handshake's reason, as the TLS classifier ({@link TlsFailureClassifier}) names
     * it: the run's reasons and the monitor's share its keys.
     */
    public static ErrorReason classifyTls(Throwable failure) {
        ErrorReason r = ErrorReason.ofKey(TlsFailureClassifier.classify(failure).key());
        return r != null ? r : ErrorReason.TLS_OTHER;
    }

    /**
     * True when an error on an established connection is the peer's reset: the one reset detector
     * for a held load connection and a monitor probe alike.
     */
    public static boolean isReset(Throwable failure) {
        return classify(failure) == ErrorReason.RESET;
    }

    private static ErrorReason byMessage(String message) {
        if (message == null) {
            return null;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("connection refused")) {
            return ErrorReason.REFUSED;
        }
        if (m.contains("timed out")) {
            return ErrorReason.TIMEOUT;
        }
        if (m.contains("cannot assign requested address") || m.contains("address already in use")) {
            return ErrorReason.PORTS_EXHAUSTED;
        }
        if (m.contains("too many open files")) {
            return ErrorReason.OPEN_FILES;
        }
        if (m.contains("no route to host") || m.contains("network is unreachable")
                || m.contains("host is unreachable") || m.contains("address family not supported")) {
            return ErrorReason.UNREACHABLE;
        }
        if (m.contains("connection reset")) {
            return ErrorReason.RESET;
        }
        return null;
    }
}
