package dev.tcpswarm.monitor.config;

/**
 * A top-level section that a later feature adds to the monitor's config file (such as
 * {@code store}): {@link ConfigReader} accepts its key and hands it the node, with the same one-line
 * errors as the built-in sections; the value ends up in {@link MonitorConfig#extension}.
 *
 * @param <T> the section's model
 */
public interface ConfigSection<T> {
    /** The top-level key, e.g. {@code store}. */
    String key();

    /** Reads the section; {@code node} may be absent (return the section's default, or null). */
    T read(ConfigNode node) throws ConfigException;
}
