package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.web.PageData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output file that cannot be written (here: its directory is removed while the command runs, so
 * the finished file cannot be given its name) costs that file only: one line on stderr names it,
 * the report and every other file are still produced, and the exit code is 74.
 */
class UnwritableOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * Removes {@code doomed} and what it holds once the server has accepted a connection (the
     * command is past its checks and running), on another thread.
     */
    private static Thread removeOnceRunning(Path doomed, BuiltInServer server) {
        Thread t = new Thread(() -> {
            try {
                long until = System.nanoTime() + 20_000_000_000L;
                while (server.accepted() == 0 && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                try (Stream<Path> all = Files.walk(doomed)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> {
                        try {
                            Files.delete(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        }, "remove-directory");
        t.start();
        return t;
    }

    @Test
    void runWritesTheReportAndTheOtherFilesAndExits74() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        Path kept = Files.createDirectory(dir.resolve("kept"));
        Cli.Outcome o;
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Thread remover = removeOnceRunning(gone, s);
            o = Cli.run("127.0.0.1", String.valueOf(s.port()), "-c", "100", "-s", "10ms", "-y", "-i", "100ms",
                    "--plain", "--csv", gone.resolve("r.csv").toString(), "--json", kept.resolve("r.json").toString(),
                    "--junit", kept.resolve("r.xml").toString(), "--hdr-log", kept.resolve("r.hlog").toString(),
                    "--html", kept.resolve("r.html").toString());
            remover.join(5000);
        }
        assertEquals(74, o.exit(), o.out() + o.err());
        assertEquals(1, o.errLines().size(), "one line:\n" + o.err());
        assertTrue(o.errLines().get(0).startsWith("tcpswarm: cannot write '" + gone.resolve("r.csv") + "': "),
                o.err());
        assertTrue(o.out().contains("Total established connections: 100"), o.out());
        JsonNode r = JSON.readTree(kept.resolve("r.json").toFile());
        assertEquals(74, r.at("/exit_code").asInt());
        assertEquals(100, r.at("/established_total").asLong());
        assertTrue(Files.size(kept.resolve("r.xml")) > 0);
        assertTrue(Files.size(kept.resolve("r.hlog")) > 0);
        assertEquals(r, PageData.read(kept.resolve("r.html")).get("result"), "the page says 74 too");
        try (Stream<Path> files = Files.list(kept)) {
            assertEquals(4, files.count(), "the four other files, no temporary file");
        }
    }

    @Test
    void rampWritesTheOtherFilesAndExits74() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        Path kept = Files.createDirectory(dir.resolve("kept"));
        Cli.Outcome o;
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Thread remover = removeOnceRunning(gone, s);
            o = Cli.run("ramp", "127.0.0.1", String.valueOf(s.port()), "--start", "50", "--step", "+50", "--max", "100",
                    "-s", "0", "--level-hold", "300ms", "-i", "0", "-y", "--csv", gone.resolve("r.csv").toString(),
                    "--json", kept.resolve("r.json").toString(), "--html", kept.resolve("r.html").toString());
            remover.join(5000);
        }
        assertEquals(74, o.exit(), o.out() + o.err());
        assertEquals(1, o.errLines().size(), "one line:\n" + o.err());
        assertTrue(o.errLines().get(0).startsWith("tcpswarm: cannot write '" + gone.resolve("r.csv") + "': "),
                o.err());
        assertTrue(o.out().contains("no limit found up to 100"), o.out());
        JsonNode r = JSON.readTree(kept.resolve("r.json").toFile());
        assertEquals(74, r.at("/exit_code").asInt());
        assertEquals("no_limit", r.at("/verdict/outcome").asText());
        assertEquals(r, PageData.read(kept.resolve("r.html")).get("result"), "the page says 74 too");
    }
}
