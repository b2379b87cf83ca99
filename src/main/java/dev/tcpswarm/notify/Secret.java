package dev.tcpswarm.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
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

    /**
     * {@code text} with every form of this secret replaced by {@code <secret>}: the value itself, as
     * URL-encoded and in base64, and for a secret address (a webhook URL with its key in it) also its
     * path and query, which a receiver's error answer echoes ({@code Cannot POST /hooks/KEY}). Forms
     * shorter than 4 characters are left: they would blank ordinary text.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms()) {
            out = out.replace(form, "<secret>");
        }
        return out;
    }

    /** The forms {@link #redact} takes out, the longest first. */
    List<String> forms() {
        List<String> forms = new ArrayList<>();
        forms.add(value);
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        forms.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        if (value.startsWith("http://") || value.startsWith("https://")) {
            try {
                URI uri = new URI(value);
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                String query = uri.getRawQuery();
                if (query != null) {
                    forms.add(path + "?" + query);
                    forms.add(query);
                }
                if (path.length() > 1) {
                    forms.add(path);
                }
            } catch (java.net.URISyntaxException notAnAddress) {
                // only the value's own forms
            }
        }
        return forms.stream().filter(f -> f.length() >= 4).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** {@code text} with every form of each of {@code secrets} replaced. */
    public static String redact(String text, List<Secret> secrets) {
        String out = text;
        for (Secret s : secrets) {
            out = s.redact(out);
        }
        return out;
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
