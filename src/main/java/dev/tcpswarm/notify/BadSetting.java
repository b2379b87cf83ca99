package dev.tcpswarm.notify;

/**
 * A channel setting that cannot be used. Its message is the whole one-line error (the file, the line,
 * the key and what to do), made by {@link ChannelSettings#error}; it never holds a secret's value.
 */
public final class BadSetting extends Exception {
    private static final long serialVersionUID = 1L;

    public BadSetting(String message) {
        super(message, null, false, false);
    }
}
