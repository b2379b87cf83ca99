package dev.tcpswarm.engine.tls;

/**
 * The TLS settings cannot be used (a missing or unreadable CA or key file, a provider that does not
 * load): its message is one line for the user, naming the file or the option at fault.
 */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsSetupException(String message) {
        super(message);
    }
}
