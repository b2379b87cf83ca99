package dev.tcpswarm.monitor.config;

import dev.tcpswarm.notify.BadSetting;
import dev.tcpswarm.notify.ChannelSettings;
import dev.tcpswarm.notify.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One channel's node of the config, as the channel types of {@code notify} read it: values with
 * {@code ${env:NAME}} filled in from the environment, secrets from {@code KEY_file}, and the config's
 * one-line errors. A message about a value that came from the environment or a file never quotes it.
 * One thread, while the config is read.
 */
final class ChannelNodeSettings implements ChannelSettings {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final int MAX_SECRET_FILE = 64 * 1024;

    private final ConfigNode node;
    private final Function<String, String> environment;
    private final List<Secret> secretsRead = new ArrayList<>();

    ChannelNodeSettings(ConfigNode node, Function<String, String> environment) {
        this.node = node;
        this.environment = environment;
    }

    private static BadSetting bad(ConfigException e) {
        return new BadSetting(e.getMessage());
    }

    private ConfigNode at(String key) throws BadSetting {
        try {
            return node.get(key);
        } catch (ConfigException e) {
            throw bad(e);
        }
    }

    /** {@code text} with each {@code ${env:NAME}} replaced by the variable's value. */
    private String expand(ConfigNode at, String text) throws BadSetting {
        Matcher m = ENV.matcher(text);
        StringBuilder b = new StringBuilder();
        int from = 0;
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null) {
                throw bad(at.error("the environment variable " + m.group(1) + " is not set (" + m.group()
                        + "): export it before starting tcpswarm"));
            }
            secretsRead.add(new Secret(value));
            b.append(text, from, m.start()).append(value);
            from = m.end();
        }
        if (from == 0 && text.contains("${")) {
            throw bad(at.error("'${' starts a reference to the environment: write ${env:NAME}"));
        }
        return b.append(text.substring(from)).toString();
    }

    @Override
    public boolean has(String key) {
        try {
            return node.get(key).present();
        } catch (ConfigException e) {
            return false;
        }
    }

    @Override
    public String text(String key) throws BadSetting {
        ConfigNode at = at(key);
        try {
            return expand(at, at.text());
        } catch (ConfigException e) {
            throw bad(e);
        }
    }

    @Override
    public String text(String key, String fallback) throws BadSetting {
        return has(key) ? text(key) : fallback;
    }

    @Override
    public List<String> texts(String key) throws BadSetting {
        ConfigNode at = at(key);
        List<String> out = new ArrayList<>();
        try {
            if (at.isList()) {
                for (ConfigNode item : at.items()) {
                    out.add(expand(item, item.text()));
                }
            } else if (at.present()) {
                out.add(expand(at, at.text()));
            }
        } catch (ConfigException e) {
            throw bad(e);
        }
        return out;
    }

    @Override
    public Map<String, String> map(String key) throws BadSetting {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            ConfigNode at = at(key);
            if (at.present() && !at.isMapping()) {
                throw at.error("expected a mapping of names to values");
            }
            for (Map.Entry<String, ConfigNode> e : at.entries().entrySet()) {
                out.put(e.getKey(), expand(e.getValue(), e.getValue().text()));
            }
        } catch (ConfigException e) {
            throw bad(e);
        }
        return out;
    }

    @Override
    public int integer(String key, int min, int max, int fallback) throws BadSetting {
        try {
            return at(key).integer(min, max, fallback);
        } catch (ConfigException e) {
            throw bad(e);
        }
    }

    @Override
    public long durationMillis(String key, long fallback) throws BadSetting {
        try {
            ConfigNode at = at(key);
            return at.present() ? TimeUnit.NANOSECONDS.toMillis(at.durationNanos()) : fallback;
        } catch (ConfigException e) {
            throw bad(e);
        }
    }

    @Override
    public boolean bool(String key, boolean fallback) throws BadSetting {
        try {
            return at(key).bool(fallback);
        } catch (ConfigException e) {
            throw bad(e);
        }
    }

    @Override
    public Secret secret(String key, boolean required) throws BadSetting {
        ConfigNode inline = at(key);
        ConfigNode file = at(key + "_file");
        if (inline.present() && file.present()) {
            throw bad(file.error("give " + key + " or " + key + "_file, not both"));
        }
        if (file.present()) {
            Path path;
            try {
                path = Path.of(expand(file, file.text()));
            } catch (ConfigException e) {
                throw bad(e);
            }
            String value;
            try {
                if (Files.size(path) > MAX_SECRET_FILE) {
                    throw bad(file.error(path + " is too large for a secret (over 64 KB)"));
                }
                value = Files.readString(path, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw bad(file.error("cannot read " + path + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")));
            }
            if (value.isEmpty()) {
                throw bad(file.error(path + " is empty: its first line is the " + key));
            }
            return read(new Secret(value));
        }
        if (!inline.present()) {
            if (required) {
                throw bad(inline.error("missing: give " + key + " (e.g. ${env:NAME}) or " + key + "_file"));
            }
            return null;
        }
        return read(new Secret(text(key)));
    }

    private Secret read(Secret secret) {
        secretsRead.add(secret);
        return secret;
    }

    /**
     * Every secret these settings gave out so far: each {@link #secret} (a {@code KEY_file}'s line
     * included) and each value filled in from the environment, wherever it was used.
     */
    List<Secret> secretsRead() {
        return List.copyOf(new LinkedHashSet<>(secretsRead));
    }

    @Override
    public URI url(String key, boolean secret) throws BadSetting {
        String text = secret ? secret(key, true).reveal() : text(key);
        ConfigNode at = at(has(key) ? key : key + "_file");
        String written; // as written, so that a value filled in from the environment is not quoted
        try {
            written = secret ? "" : at.text();
        } catch (ConfigException e) {
            throw bad(e);
        }
        String shown = secret ? "the " + key : "'" + written + "'";
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(at.error(shown + " is not a URL"));
        }
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw bad(at.error(shown + " is not an http:// or https:// URL"));
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw bad(at.error(shown + " has port " + url.getPort() + ": use 1-65535"));
        }
        return url;
    }

    @Override
    public BadSetting error(String key, String message) {
        try {
            return bad(node.get(key).error(message));
        } catch (ConfigException e) {
            return bad(e);
        }
    }
}
