package dev.tcpswarm.established;

import java.io.IOException;

/** The process named by {@code --netns-pid} has ended: its network namespace can no longer be read. */
public final class NamespaceGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    public NamespaceGoneException(String message) {
        super(message);
    }
}
