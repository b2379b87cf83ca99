package dev.tcpswarm.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where {@code tcpswarm established} finds a setting that is not on its command line: first the
 * environment ({@code TCPSWARM_ESTABLISHED_MIN_AGE=10s}), then the config file ({@code --config FILE}
 * or {@code TCPSWARM_ESTABLISHED_CONFIG}; one {@code key value} or {@code key=value} per line, the
 * keys being the option names without dashes, {@code #} for comments), then the built-in default.
 * So the command line wins over the environment, which wins over the file.
 *
 * <p>picocli asks this provider after the command line is parsed, for each option not given on
 * it. Every value is checked here with the option's own converter, so a bad one is reported with
 * where it came from, in one line (exit 64). Used on the command's thread only.
 */
public final class EstablishedDefaults implements IDefaultValueProvider {
    /** Prefix of the environment variables. */
    public static final String ENV_PREFIX = "TCPSWARM_ESTABLISHED_";
    /** The environment variable naming the config file. */
    public static final String ENV_CONFIG = ENV_PREFIX + "CONFIG";
    /** The settings, by the name used in the file (the option without its dashes). */
    public static final List<String> SETTINGS = List.of("port", "min-age", "simple", "no-ipv6", "listen", "interval",
            "netns-pid", "compat");

    private final Map<String, String> env;
    private Path loadedPath;
    private Properties loaded;

    public EstablishedDefaults() {
        this(System.getenv());
    }

    /** With the given environment instead of the process's (tests). */
    public EstablishedDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** {@code TCPSWARM_ESTABLISHED_MIN_AGE} for {@code min-age}. */
    public static String envName(String setting) {
        return ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String setting = option.longestName().replaceFirst("^--", "");
        if (!SETTINGS.contains(setting)) {
            return null;
        }
        CommandSpec command = arg.command();
        String fromEnv = env.get(envName(setting));
        if (fromEnv != null) {
            return checked(command, option, fromEnv, envName(setting));
        }
        Properties file = file(command);
        String fromFile = file == null ? null : file.getProperty(setting);
        if (fromFile != null) {
            return checked(command, option, fromFile.trim(), "config file " + loadedPath + ", " + setting);
        }
        return null;
    }

    /**
     * Fails on what a typo leaves behind: a {@code TCPSWARM_ESTABLISHED_*} variable or a config-file
     * key that names no setting, or a config file that cannot be read. Called before the command runs,
     * even when every option was on the command line.
     */
    void checkSources(CommandSpec command) {
        for (String name : env.keySet()) {
            if (name.startsWith(ENV_PREFIX) && !name.equals(ENV_CONFIG)
                    && SETTINGS.stream().noneMatch(s -> envName(s).equals(name))) {
                throw new ParameterException(command.commandLine(), name + " is not a setting of tcpswarm established: "
                        + "use one of " + SETTINGS.stream().map(EstablishedDefaults::envName).toList());
            }
        }
        Properties file = file(command);
        if (file != null) {
            for (String key : file.stringPropertyNames()) {
                if (!SETTINGS.contains(key)) {
                    throw new ParameterException(command.commandLine(), "config file " + loadedPath + ": '" + key
                            + "' is not a setting: use one of " + SETTINGS);
                }
            }
        }
    }

    /** The config file's settings (loaded once), or null when no file is named. */
    private Properties file(CommandSpec command) {
        OptionSpec configOption = command.findOption("--config");
        Path fromOption = configOption == null ? null : configOption.getValue();
        String named = fromOption != null ? fromOption.toString() : env.get(ENV_CONFIG);
        if (named == null || named.isBlank()) {
            return null;
        }
        Path path = Path.of(named);
        if (!path.equals(loadedPath)) {
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(reader);
            } catch (NoSuchFileException e) {
                throw new ParameterException(command.commandLine(), "config file " + path + " does not exist");
            } catch (IOException | IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "cannot read config file " + path + ": "
                        + e.getMessage());
            }
            loadedPath = path;
            loaded = p;
        }
        return loaded;
    }

    /** {@code value}, once the option's converter accepts it (each part, for a list). */
    private static String checked(CommandSpec command, OptionSpec option, String value, String origin) {
        try {
            if (option.type() == boolean.class || option.type() == Boolean.class) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("'" + value + "' is not true or false");
                }
                return value;
            }
            ITypeConverter<?>[] converters = option.converters();
            if (converters.length > 0) {
                String split = option.splitRegex();
                String[] parts = split.isEmpty() ? new String[] {value} : value.split(split);
                for (String part : parts) {
                    converters[0].convert(part.trim());
                }
            }
            return value;
        } catch (Exception e) {
            throw new ParameterException(command.commandLine(), origin + ": " + e.getMessage());
        }
    }
}
