package dev.tcpswarm.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operating system's reason in a failure's message, without what Netty's epoll transport puts
 * around it: {@code finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:9} and
 * {@code bind(..) failed with error(-98): Address already in use} are {@code Connection refused} and
 * {@code Address already in use}; NIO's messages are already bare. Pure.
 */
public final class SystemMessages {
    /** A native call's failure; group 1 is the system's reason, without the address epoll appends. */
    private static final Pattern NATIVE_CALL = Pattern.compile("\\w+\\(\\.\\.\\) failed[^:]*: (.+?)(?:: /\\S+)?");

    private SystemMessages() {
    }

    /** The reason, or the exception's simple name when it has no message. */
    public static String reason(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        Matcher m = NATIVE_CALL.matcher(message);
        return m.matches() ? m.group(1) : message;
    }
}
