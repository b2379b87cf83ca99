package dev.tcpswarm.notify;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What a channel type's reader sees of one channel's settings in the config file: values by key,
 * each checked for its kind, with {@code ${env:NAME}} filled in from the environment, and errors that
 * name the file, the line and the key. The monitor's config reader provides it (so this package does
 * not depend on the reader); one thread, while the config is read.
 */
public interface ChannelSettings {
    /** True when {@code key} is given. */
    boolean has(String key);

    /** A required single value. */
    String text(String key) throws BadSetting;

    /** A single value, or {@code fallback} when absent. */
    String text(String key, String fallback) throws BadSetting;

    /** A list of values (a single value is a list of one); empty when absent. */
    List<String> texts(String key) throws BadSetting;

    /** A mapping of names to single values, in file order; empty when absent. */
    Map<String, String> map(String key) throws BadSetting;

    /** A whole number in [min, max], or {@code fallback} when absent. */
    int integer(String key, int min, int max, int fallback) throws BadSetting;

    /** A duration with its unit ({@code 30s}, {@code 1m}) in milliseconds, or {@code fallback} when absent. */
    long durationMillis(String key, long fallback) throws BadSetting;

    /** true or false, or {@code fallback} when absent. */
    boolean bool(String key, boolean fallback) throws BadSetting;

    /**
     * A secret: {@code key} itself (usually {@code ${env:NAME}}) or the first line of the file named by
     * {@code key_file}; exactly one of the two. Null when neither is given and it is not required.
     */
    Secret secret(String key, boolean required) throws BadSetting;

    /**
     * An {@code http://} or {@code https://} address with a host. When {@code secret}, the message of a
     * bad address does not quote it (a webhook address carries its key).
     */
    URI url(String key, boolean secret) throws BadSetting;

    /** An error at {@code key} (or at the channel when the key is absent): one line, ready to show. */
    BadSetting error(String key, String message);
}
