package dev.tcpswarm.monitor.config;

/**
 * A config file that cannot be used: the message is one line naming the file, the line and the key,
 * e.g. {@code monitor.yaml:14: services[1].interval: '5x' is not a duration ...}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
