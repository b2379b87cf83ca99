package dev.tcpswarm.monitor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the monitor's YAML config (Jackson's YAML module) into a {@link MonitorConfig}, checking
 * everything before anything starts: an unknown key, a bad value, a duplicate name or a reference to
 * nothing fails with one line naming the file, the line and the key. It only dispatches: each
 * top-level section, built-in or added by an extension, is read by its {@link ConfigSection}, in
 * order, each seeing the values of those before it. Also builds the quick watch's config. One
 * thread.
 */
public final class ConfigReader {
    /** The built-in sections, in the order they are read (each may use those before it). */
    public static final List<ConfigSection<?>> BUILT_IN = List.of(EvaluationSection.INSTANCE, DefaultsSection.INSTANCE,
            LogsSection.INSTANCE, ServicesSection.INSTANCE, GroupsSection.INSTANCE, ChannelsSection.INSTANCE, AlertsSection.INSTANCE,
            LoggingSection.INSTANCE, MetricsSection.INSTANCE);
    /**
     * Built-in sections read after those, whose values are kept by key as an extension's are
     * ({@link MonitorConfig#extension}), and that a reload puts in force.
     */
    public static final List<ConfigSection<?>> BUILT_IN_BY_KEY = List.of(MaintenanceSection.INSTANCE);

    private final List<ConfigSection<?>> extensions;
    /** The largest config file read; a bigger one is refused before it is parsed. */
    public static final int MAX_BYTES = 1024 * 1024;
    private final YAMLFactory yaml = YAMLFactory.builder().loaderOptions(loaderOptions()).build();
    private final ObjectMapper mapper = new ObjectMapper(yaml);

    /** A reader for the built-in sections plus {@code extra} ones. */
    public ConfigReader(List<ConfigSection<?>> extra) {
        this.extensions = List.copyOf(extra);
    }

    /** SnakeYAML's limits: no scalar or document past the file limit, no alias bombs, no deep nesting. */
    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(MAX_BYTES);
        o.setMaxAliasesForCollections(20);
        o.setNestingDepthLimit(40);
        o.setAllowDuplicateKeys(true); // ConfigLines reports a duplicate key with its line
        return o;
    }

    /** Reads the next configs on this thread with {@code ${env:NAME}} in channel settings taken from {@code env} (tests). */
    public ConfigReader withEnvironment(java.util.function.Function<String, String> env) {
        ChannelsSection.ENVIRONMENT.set(env);
        return this;
    }

    /** Reads and checks {@code file}. */
    public MonitorConfig read(Path file) throws ConfigException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a directory, not a config file: name the YAML file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file + ": " + size + " bytes is too big for a config file (at most "
                        + MAX_BYTES / 1024 + " KiB)");
            }
            text = utf8(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return read(file.toString(), text);
    }

    /** The text of {@code bytes}, or an error naming the line and column of the first byte that is not UTF-8. */
    static String utf8(String fileLabel, byte[] bytes) throws ConfigException {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8).length() + 1;
            throw new ConfigException(String.format("%s:%d:%d: not UTF-8 (byte 0x%02X): save the file as UTF-8",
                    fileLabel, line, column, bytes[at] & 0xFF));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** Reads and checks {@code text}; {@code fileLabel} names it in messages. */
    public MonitorConfig read(String fileLabel, String text) throws ConfigException {
        ConfigLines lines = ConfigLines.of(fileLabel, text, yaml);
        JsonNode tree;
        try {
            try (com.fasterxml.jackson.core.JsonParser parser = yaml.createParser(text)) {
                tree = mapper.readTree(parser);
                if (parser.nextToken() != null) {
                    throw new ConfigException(fileLabel + ":" + parser.currentLocation().getLineNr()
                            + ": a second YAML document (after ---): a config file holds one");
                }
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(fileLabel + ": not valid YAML: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ConfigException(fileLabel + ": cannot read: " + e.getMessage());
        }
        ConfigNode root = new ConfigNode(tree, "", "", lines);
        if (!root.present() || !root.isMapping()) {
            throw root.error("expected a mapping with at least 'services' (see examples/monitor.yaml)");
        }
        List<ConfigSection<?>> byKey = new ArrayList<>(BUILT_IN_BY_KEY);
        byKey.addAll(extensions);
        List<ConfigSection<?>> sections = new ArrayList<>(BUILT_IN);
        sections.addAll(byKey);
        Set<String> keys = new LinkedHashSet<>();
        sections.forEach(s -> keys.add(s.key()));
        root.allowOnly(keys);
        Values values = new Values();
        for (ConfigSection<?> s : sections) {
            values.read(s, root.get(s.key()));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        List<LogConfig> logs = values.get(LogsSection.INSTANCE);
        if (!logs.isEmpty()) {
            extra.put(LogsSection.INSTANCE.key(), logs);
        }
        for (ConfigSection<?> s : byKey) {
            Object value = values.get(s);
            if (value != null) {
                extra.put(s.key(), value);
            }
        }
        return new MonitorConfig(fileLabel, values.get(ServicesSection.INSTANCE), values.get(GroupsSection.INSTANCE),
                values.get(EvaluationSection.INSTANCE), values.get(AlertsSection.INSTANCE),
                values.get(ChannelsSection.INSTANCE), values.get(LoggingSection.INSTANCE),
                values.get(MetricsSection.INSTANCE), Map.copyOf(extra));
    }

    /** The sections' values as they are read. */
    private static final class Values implements ConfigSection.Earlier {
        private final Map<ConfigSection<?>, Object> read = new HashMap<>();

        <T> void read(ConfigSection<T> section, ConfigNode node) throws ConfigException {
            read.put(section, section.read(node, this));
        }

        @Override
        @SuppressWarnings("unchecked") // put by read() from the same section, so of its type
        public <V> V get(ConfigSection<V> section) {
            return (V) read.get(section);
        }
    }

    /**
     * The quick watch: one service per address, named after it, with the built-in rules.
     *
     * @param intervalNanos between probes; null for the built-in default
     * @param timeoutMillis connect timeout; null for the built-in default
     * @throws IllegalArgumentException naming the bad address or value
     */
    public static MonitorConfig quickWatch(List<String> addresses, Long intervalNanos, Long timeoutMillis) {
        ServiceDefaults d = ServiceDefaults.BUILT_IN;
        long interval = intervalNanos != null ? intervalNanos : d.intervalNanos();
        long timeout = timeoutMillis != null ? timeoutMillis : d.timeoutMillis();
        if (interval < ConfigValues.MIN_INTERVAL_NANOS) {
            throw new IllegalArgumentException("--interval must be 10ms or more");
        }
        if (timeout < 1) {
            throw new IllegalArgumentException("--timeout must be 1ms or more");
        }
        List<ServiceConfig> services = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String a : addresses) {
            ServiceAddress parsed = ServiceAddress.parse(a);
            ServiceConfig s = new ServiceConfig(a, parsed.host(), parsed.port(), interval, timeout, d.family(),
                    d.attempts(), d.labels(), EvaluationConfig.DEFAULTS, parsed.tls() ? ServiceTls.DEFAULTS : null,
                    parsed.check() == null ? null : parsed.check().conversation(java.util.Optional.empty()));
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("address '" + a + "' is given twice");
            }
            services.add(s);
        }
        return new MonitorConfig("command line", List.copyOf(services), List.of(), EvaluationConfig.DEFAULTS, List.of(),
                ChannelsSection.builtIn(), new LoggingConfig(null, LoggingConfig.DEFAULT_SUMMARY_EVERY_NANOS,
                        LoggingConfig.DEFAULT_KEEP_DAYS), (InetSocketAddress) null, Map.of());
    }
}
