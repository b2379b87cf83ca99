package dev.tcpswarm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tcpswarm established --compat tcp_established_exporter} (or
 * {@code TCPSWARM_ESTABLISHED_COMPAT=tcp_established_exporter}): reads the settings of the Go
 * tcp_established_exporter as it did (namsral/flag: single-dash flags, then its upper-case
 * environment variables, then its {@code -config FILE} of {@code key value} lines, then its
 * defaults) and turns them into tcpswarm's own arguments, with the original's meanings: {@code listen}
 * a port on all interfaces (default 9669), {@code port -1} every port, {@code duration} in seconds,
 * {@code tcpv6}. The command then also serves the original's metric. Without the mode, an
 * environment that sets one of the original's variables gets one line on stderr naming the mode.
 * Runs once, on the main thread, before picocli parses.
 */
final class EstablishedCompat {
    static final String MODE = "tcp_established_exporter";
    static final String ENV_MODE = EstablishedDefaults.ENV_PREFIX + "COMPAT";
    /** The original's settings, with its defaults. */
    static final Map<String, String> DEFAULTS = defaults();

    private EstablishedCompat() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("simple", "false");
        d.put("tcpv6", "true");
        d.put("port", "-1");
        d.put("listen", "9669");
        d.put("duration", "6");
        d.put("config", "");
        return d;
    }

    /**
     * The arguments to run: {@code args} itself unless they are {@code established} in the
     * compatibility mode, in which case tcpswarm's arguments for the original's settings.
     *
     * @throws UsageException for a bad flag, variable, file or value of the original's
     */
    static String[] prepare(String[] args, Map<String, String> env, PrintStream err) {
        if (args.length == 0 || !args[0].equals("established")) {
            return args;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        String mode = env.get(ENV_MODE);
        int flag = rest.indexOf("--compat");
        if (flag >= 0) {
            if (flag + 1 >= rest.size()) {
                throw new UsageException("--compat needs a mode: --compat " + MODE);
            }
            mode = rest.get(flag + 1);
            rest.remove(flag + 1);
            rest.remove(flag);
        } else {
            for (int i = 0; i < rest.size(); i++) {
                if (rest.get(i).startsWith("--compat=")) {
                    mode = rest.remove(i).substring("--compat=".length());
                    break;
                }
            }
        }
        if (mode == null || mode.isEmpty()) {
            List<String> set = DEFAULTS.keySet().stream().map(k -> k.toUpperCase(Locale.ROOT))
                    .filter(env::containsKey).toList();
            if (!set.isEmpty()) {
                err.println("tcpswarm: " + String.join(", ", set) + (set.size() == 1 ? " is" : " are")
                        + " tcp_established_exporter's setting" + (set.size() == 1 ? "" : "s")
                        + ", ignored here: run with --compat " + MODE + " (or " + ENV_MODE + "=" + MODE
                        + ") to read " + (set.size() == 1 ? "it" : "them") + " as it did");
            }
            return args;
        }
        if (!mode.equals(MODE)) {
            throw new UsageException("--compat " + mode + ": the only mode is " + MODE);
        }
        return translate(settings(rest, env));
    }

    /** The original's settings: flags over environment over config file over defaults. */
    static Map<String, String> settings(List<String> args, Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        boolean debug = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-d") || a.equals("--debug")) {
                debug = true;
                continue;
            }
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
                throw new UsageException("'" + a + "': in --compat " + MODE + " mode the settings are its flags ("
                        + String.join(", ", DEFAULTS.keySet().stream().map(k -> "-" + k).toList()) + ")");
            }
            String name = a.startsWith("--") ? a.substring(2) : a.substring(1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!DEFAULTS.containsKey(name)) {
                throw new UsageException("flag provided but not defined: -" + name + " (tcp_established_exporter's flags: "
                        + String.join(", ", DEFAULTS.keySet().stream().map(k -> "-" + k).toList()) + ")");
            }
            if (value == null) {
                if (isBoolean(name)) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("flag needs an argument: -" + name);
                }
            }
            flags.put(name, value);
        }
        Map<String, String> file = new LinkedHashMap<>();
        String config = flags.containsKey("config") ? flags.get("config") : env.getOrDefault("CONFIG", "");
        if (!config.isEmpty()) {
            file = readConfig(Path.of(config));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : DEFAULTS.keySet()) {
            String envValue = env.get(key.toUpperCase(Locale.ROOT));
            String value = flags.containsKey(key) ? flags.get(key)
                    : envValue != null ? envValue : file.getOrDefault(key, DEFAULTS.get(key));
            out.put(key, value);
        }
        if (debug) {
            out.put("debug", "true");
        }
        return out;
    }

    private static boolean isBoolean(String name) {
        return name.equals("simple") || name.equals("tcpv6");
    }

    /** Its config file: {@code key value} (or {@code key=value}) lines, {@code #} comments. */
    private static Map<String, String> readConfig(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("-config " + path + ": no such file");
        } catch (IOException e) {
            throw new UsageException("-config " + path + ": cannot read it: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("[\\s=]+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            if (!DEFAULTS.containsKey(key) || key.equals("config")) {
                throw new UsageException(path + " line " + (n + 1) + ": unknown key '" + kv[0]
                        + "' (tcp_established_exporter's keys: simple, tcpv6, port, listen, duration)");
            }
            out.put(key, kv.length > 1 ? kv[1].strip() : (isBoolean(key) ? "true" : ""));
        }
        return out;
    }

    /** tcpswarm's arguments for the original's settings. */
    static String[] translate(Map<String, String> s) {
        List<String> args = new ArrayList<>(List.of("established", "--compat", MODE));
        args.add("--listen");
        String listen = s.get("listen").strip();
        if (listen.contains(":")) {
            args.add(listen); // not the original's: tcpswarm's HOST:PORT, to choose an interface
        } else {
            args.add("0.0.0.0:" + integer(s, "listen", 0, 65535)); // its ":PORT": every interface
        }
        int port = integer(s, "port", -1, 65535);
        if (port != -1) {
            args.add("--port");
            args.add(String.valueOf(port));
        }
        int duration = integer(s, "duration", 0, Integer.MAX_VALUE);
        args.add("--min-age");
        args.add(duration + "s");
        if (bool(s, "simple")) {
            args.add("--simple");
        }
        if (!bool(s, "tcpv6")) {
            args.add("--no-ipv6");
        }
        if (s.containsKey("debug")) {
            args.add("--debug");
        }
        return args.toArray(String[]::new);
    }

    private static int integer(Map<String, String> s, String key, int min, int max) {
        String v = s.get(key).strip();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(key + " '" + v + "': tcp_established_exporter's " + key + " is a whole number from "
                + min + " to " + max + (key.equals("duration") ? " (seconds)" : key.equals("port") ? " (-1: every port)" : ""));
    }

    private static boolean bool(Map<String, String> s, String key) {
        String v = s.get(key).strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "true", "1", "t" -> {
                return true;
            }
            case "false", "0", "f" -> {
                return false;
            }
            default -> throw new UsageException(key + " '" + s.get(key) + "': write true or false");
        }
    }
}
