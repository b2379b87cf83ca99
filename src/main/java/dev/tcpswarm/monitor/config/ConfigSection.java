package dev.tcpswarm.monitor.config;

/**
 * One top-level section of the monitor's config file: the built-in ones ({@code services},
 * {@code alerts}, ...) and those a later feature adds ({@code store}). {@link ConfigReader} accepts
 * its key and hands it its node, in order, with the values of the sections read before it (services
 * need the defaults, alerts the services); its errors are the same one-liners. An extension's value
 * ends up in {@link MonitorConfig#extension}. One thread (the reader's).
 *
 * @param <T> the section's model
 */
public interface ConfigSection<T> {
    /** The top-level key, e.g. {@code store}. */
    String key();

    /**
     * Reads the section; {@code node} may be absent (return the section's default, or null).
     *
     * @param earlier the values of the sections read before this one
     */
    T read(ConfigNode node, Earlier earlier) throws ConfigException;

    /** How a reload names the running value it keeps (a section that needs a restart to change). */
    default String describe(T value) {
        return String.valueOf(value);
    }

    /**
     * The value with a command-line option's over the file's (such as {@code --store FILE}).
     *
     * @param configured the file's value, or null when the file has none
     * @throws IllegalArgumentException when {@code option} is not a valid value
     */
    default T withOption(T configured, String option) {
        throw new UnsupportedOperationException(key() + " takes no command-line option");
    }

    /** The values of the sections read so far. */
    interface Earlier {
        /** The value {@code section} read (null when it gave none). */
        <V> V get(ConfigSection<V> section);
    }
}
