package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Where {@code tcpswarm established} takes each setting from: the command line, else
 * TCPSWARM_ESTABLISHED_*, else the config file, else the default; and bad values from any of them
 * are one line and exit 64.
 */
class EstablishedSettingsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    /** Parses {@code args} as the real command does, with {@code env} as the environment. */
    static EstablishedCommand parse(Map<String, String> env, String... args) {
        PrintStream sink = new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        EstablishedCommand command = new EstablishedCommand(new ByteArrayInputStream(new byte[0]), sink, sink);
        CommandLine cli = new CommandLine(command);
        EstablishedDefaults defaults = new EstablishedDefaults(env);
        cli.setDefaultValueProvider(defaults);
        cli.parseArgs(args);
        defaults.checkSources(cli.getCommandSpec());
        return command;
    }

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("established.conf");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void builtInDefaults() {
        EstablishedCommand c = parse(Map.of());
        assertEquals(List.of(), c.ports);
        assertEquals(6 * SECOND, c.minAgeNanos);
        assertFalse(c.simple);
        assertFalse(c.noIpv6);
        assertEquals(new InetSocketAddress("127.0.0.1", 9690), c.listen);
        assertEquals(EstablishedCommand.DEFAULT_LISTEN, "127.0.0.1:9690");
        assertEquals(SECOND, c.intervalNanos);
        assertNull(c.netnsPid);
    }

    @Test
    void commandLineOverEnvironmentOverFileOverDefault() throws Exception {
        Path file = config("# settings", "min-age 10s", "port 80,443", "simple true", "interval=2s",
                "listen: 127.0.0.1:9700", "no-ipv6 true");
        Map<String, String> env = Map.of("TCPSWARM_ESTABLISHED_MIN_AGE", "20", "TCPSWARM_ESTABLISHED_PORT", "8080",
                "TCPSWARM_ESTABLISHED_CONFIG", file.toString());
        EstablishedCommand c = parse(env, "--min-age", "30s");
        assertEquals(30 * SECOND, c.minAgeNanos, "command line");
        assertEquals(List.of(8080), c.ports, "environment over the file");
        assertTrue(c.simple, "file");
        assertTrue(c.noIpv6, "file");
        assertEquals(2 * SECOND, c.intervalNanos, "file, key=value");
        assertEquals(new InetSocketAddress("127.0.0.1", 9700), c.listen, "file, key: value");

        c = parse(env);
        assertEquals(20 * SECOND, c.minAgeNanos, "environment; a bare number is seconds");
        c = parse(Map.of(), "--config", file.toString());
        assertEquals(10 * SECOND, c.minAgeNanos, "file named by --config");
        assertEquals(List.of(80, 443), c.ports, "a comma list in the file");
        c = parse(Map.of("TCPSWARM_ESTABLISHED_SIMPLE", "false"), "--config", file.toString());
        assertFalse(c.simple, "the environment says false over the file's true");
        c = parse(Map.of("TCPSWARM_ESTABLISHED_SIMPLE", "false"), "--simple");
        assertTrue(c.simple, "the flag over the environment");
        c = parse(Map.of("TCPSWARM_ESTABLISHED_PORT", "8080"), "--port", "22", "--port", "25");
        assertEquals(List.of(22, 25), c.ports, "repeated --port replaces the environment's list");
    }

    @Test
    void badValuesSayWhereTheyCameFrom() throws Exception {
        assertEquals("TCPSWARM_ESTABLISHED_MIN_AGE: 'soon' is not a duration: use a number with an optional unit "
                + "(us, ms, s, m, h, d), e.g. 500ms or 5s",
                assertThrows(ParameterException.class,
                        () -> parse(Map.of("TCPSWARM_ESTABLISHED_MIN_AGE", "soon"))).getMessage());
        assertEquals("TCPSWARM_ESTABLISHED_PORT: '70000' is not a port (1-65535)", assertThrows(ParameterException.class,
                () -> parse(Map.of("TCPSWARM_ESTABLISHED_PORT", "80,70000"))).getMessage());
        assertEquals("TCPSWARM_ESTABLISHED_SIMPLE: 'yes' is not true or false", assertThrows(ParameterException.class,
                () -> parse(Map.of("TCPSWARM_ESTABLISHED_SIMPLE", "yes"))).getMessage());
        Path file = config("listen 127.0.0.1:99999");
        assertEquals("config file " + file + ", listen: bad listen address '127.0.0.1:99999': the port must be "
                + "0-65535 (0 = any free port)", assertThrows(ParameterException.class,
                        () -> parse(Map.of(), "--config", file.toString())).getMessage());
        Path typo = config("min_age 5s");
        assertTrue(assertThrows(ParameterException.class, () -> parse(Map.of(), "--config", typo.toString()))
                .getMessage().startsWith("config file " + typo + ": 'min_age' is not a setting: use one of [port, "));
        assertTrue(assertThrows(ParameterException.class, () -> parse(Map.of("TCPSWARM_ESTABLISHED_TCPV6", "true")))
                .getMessage().startsWith("TCPSWARM_ESTABLISHED_TCPV6 is not a setting of tcpswarm established"));
        assertEquals("config file " + dir.resolve("none") + " does not exist", assertThrows(ParameterException.class,
                () -> parse(Map.of(), "--config", dir.resolve("none").toString())).getMessage());
    }

    @Test
    void badCommandLinesAreOneLineAndExit64() {
        for (List<String> args : List.of(
                List.of("--port", "0"),
                List.of("--port", "http"),
                List.of("--min-age", "-1s"),
                List.of("--interval", "0"),
                List.of("--interval", "5ms"),
                List.of("--listen", "::1:9690"),
                List.of("--listen", "127.0.0.1:65536"),
                List.of("--netns-pid", "0"),
                List.of("--netns-pid", "2147483646"),
                List.of("--config", "/nonexistent/established.conf"),
                List.of("--once", "--unknown"))) {
            String[] full = java.util.stream.Stream.concat(java.util.stream.Stream.of("established"), args.stream())
                    .toArray(String[]::new);
            Cli.Outcome o = Cli.run(full);
            assertEquals(64, o.exit(), args + ": " + o.err());
            assertEquals(1, o.errLines().size(), args + ": " + o.err());
            assertTrue(o.err().startsWith("tcpswarm: "), o.err());
            assertFalse(o.err().contains("Exception"), o.err());
            assertEquals("", o.out(), args.toString());
        }
        assertEquals("tcpswarm: --netns-pid 2147483646: no such process",
                Cli.run("established", "--once", "--netns-pid", "2147483646").err().trim());
    }

    @Test
    void theExportersOwnPortCannotBeCounted() {
        Cli.Outcome o = Cli.run("established", "--listen", "127.0.0.1:9" + "690", "--port", "9690");
        assertEquals(64, o.exit());
        assertEquals("tcpswarm: --port 9690 is this exporter's own port (--listen): its scrapes are never counted; "
                + "choose another --listen port", o.err().trim());
    }
}
