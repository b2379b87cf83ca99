package dev.tcpswarm.notify;

import java.util.Objects;

/**
 * A value that must never be shown: a password, a token, a webhook address with its key in it. Its
 * {@link #toString()} is {@code <secret>}, so a secret that slips into a message or a log line shows
 * nothing; {@link #reveal()} is for the request that needs it. Immutable.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The value itself, for the request or the login only. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of this secret (at least 4 characters long) replaced. */
    public String redact(String text) {
        return value.length() < 4 || text == null ? text : text.replace(value, "<secret>");
    }

    @Override
    public String toString() {
        return "<secret>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
