package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tcp_established_exporter's settings, read as it read them, in --compat mode. */
class EstablishedCompatTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String[] prepare(Map<String, String> env, String... args) {
        return EstablishedCompat.prepare(args, env, err);
    }

    @Test
    void itsDefaultsAreEveryPortAllInterfacesOn9669AndSixSeconds() {
        assertArrayEquals(new String[] {"established", "--compat", "tcp_established_exporter", "--listen", "0.0.0.0:9669",
                "--min-age", "6s"}, prepare(Map.of(), "established", "--compat", "tcp_established_exporter"));
        EstablishedCommand c = EstablishedSettingsTest.parse(Map.of(), List.of(prepare(Map.of(), "established",
                "--compat", "tcp_established_exporter")).subList(1, 7).toArray(String[]::new));
        assertEquals("0.0.0.0", c.listen.getAddress().getHostAddress(), "its listen: every interface");
        assertEquals(9669, c.listen.getPort());
        assertEquals(List.of(), c.ports, "port -1: every port");
        assertEquals(TimeUnit.SECONDS.toNanos(6), c.minAgeNanos);
        assertEquals("tcp_established_exporter", c.compat);
    }

    @Test
    void singleDashFlagsOverEnvironmentOverItsConfigFile() throws Exception {
        Path config = dir.resolve("exporter.conf");
        Files.write(config, List.of("# its file: key value", "port 5432", "duration 30", "listen 9000", "tcpv6 false"));
        Map<String, String> env = Map.of("TCPSWARM_ESTABLISHED_COMPAT", "tcp_established_exporter",
                "CONFIG", config.toString(), "DURATION", "20", "SIMPLE", "true");
        assertArrayEquals(new String[] {"established", "--compat", "tcp_established_exporter", "--listen", "0.0.0.0:9100",
                "--port", "5432", "--min-age", "20s", "--no-ipv6"},
                prepare(env, "established", "-listen", "9100", "-simple=false"));
        assertArrayEquals(new String[] {"established", "--compat", "tcp_established_exporter", "--listen", "0.0.0.0:9000",
                "--port", "3838", "--min-age", "20s", "--simple"},
                prepare(env, "established", "-port=3838", "-tcpv6", "-config", config.toString()));
        assertArrayEquals(new String[] {"established", "--compat", "tcp_established_exporter", "--listen", "0.0.0.0:9669",
                "--min-age", "6s"}, prepare(Map.of("PORT", "-1"), "established", "--compat=tcp_established_exporter"));
    }

    @Test
    void badInputIsOneLineNamingWhatIsWrong() {
        Map<String, String> compat = Map.of("TCPSWARM_ESTABLISHED_COMPAT", "tcp_established_exporter");
        UsageException e = assertThrows(UsageException.class, () -> prepare(compat, "established", "--min-age", "5s"));
        assertTrue(e.getMessage().startsWith("flag provided but not defined: -min-age"), e.getMessage());
        e = assertThrows(UsageException.class, () -> prepare(Map.of("DURATION", "6s",
                "TCPSWARM_ESTABLISHED_COMPAT", "tcp_established_exporter"), "established"));
        assertTrue(e.getMessage().contains("duration '6s'") && e.getMessage().contains("(seconds)"), e.getMessage());
        e = assertThrows(UsageException.class, () -> prepare(Map.of(), "established", "--compat", "node_exporter"));
        assertEquals("--compat node_exporter: the only mode is tcp_established_exporter", e.getMessage());
        e = assertThrows(UsageException.class, () -> prepare(compat, "established", "-config", dir.resolve("none").toString()));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
        assertEquals(64, e.exitCode());
    }

    @Test
    void withoutTheModeItsVariablesGetOneLineNamingTheMode() {
        String[] args = {"established", "--once"};
        assertSame(args, prepare(Map.of("PORT", "5432", "DURATION", "6", "HOME", "/root"), args));
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("tcpswarm: PORT, DURATION are tcp_established_exporter's settings, ignored here: "
                + "run with --compat tcp_established_exporter (or TCPSWARM_ESTABLISHED_COMPAT=tcp_established_exporter)"),
                said);
        errBytes.reset();
        assertSame(args, prepare(Map.of("HOME", "/root"), args));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
        String[] run = {"run", "127.0.0.1", "80"};
        assertSame(run, prepare(Map.of("PORT", "1"), run), "other commands are left alone");
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
    }
}
