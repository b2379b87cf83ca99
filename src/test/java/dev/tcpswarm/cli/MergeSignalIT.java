package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.web.PageData;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM or SIGINT while {@code merge} writes its files, in the real jar: the merge still writes
 * every file, complete and under its name, prints its report and ends with its own exit code; no
 * temporary file is left. The signal is sent the moment the JVM loads the class that opens the
 * first output file (read from the JVM's own log of the classes it loads), so that it lands while
 * the files are being written, at any load.
 */
class MergeSignalIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Loaded by merge just before it opens its first output file. */
    private static final String FIRST_WRITER = " dev.tcpswarm.report.IntervalFiles ";

    @TempDir
    static Path shards;

    @TempDir
    Path dir;

    @BeforeAll
    static void twoShards() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            for (int i = 0; i < 2; i++) {
                Cli.Outcome o = Cli.run("run", "127.0.0.1", String.valueOf(server.port()), "-c", "40", "--shard",
                        i + "/2", "-s", "5ms", "--hold", "1s", "-i", "100ms", "-y", "--json",
                        shards.resolve("s" + i + ".json").toString(), "--hdr-log", shards.resolve("s" + i + ".hlog").toString());
                assertEquals(0, o.exit(), o.out() + o.err());
            }
        }
    }

    @ParameterizedTest(name = "SIG{0} while merge writes")
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalWhileWritingStillWritesEveryFile(String signal) throws Exception {
        Path classLog = dir.resolve("classes.log");
        Path out = Files.createDirectories(dir.resolve("out"));
        try (JarProcess merge = JarProcess.startWith(List.of(), List.of("-Xlog:class+load=info:file=" + classLog),
                "merge", shards.resolve("s0.json").toString(), shards.resolve("s0.hlog").toString(),
                shards.resolve("s1.json").toString(), shards.resolve("s1.hlog").toString(),
                "--json", out.resolve("m.json").toString(), "--csv", out.resolve("m.csv").toString(),
                "--hdr-log", out.resolve("m.hlog").toString(), "--html", out.resolve("m.html").toString(),
                "--junit", out.resolve("m.xml").toString())) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(classLog) && Files.readString(classLog).contains(FIRST_WRITER))) {
                assertTrue(System.nanoTime() < until, "merge never came to its files: " + merge.stderr());
                Thread.sleep(1);
            }
            merge.signal(signal);
            int exit = merge.awaitExit(30);
            String what = "SIG" + signal + ": exit " + exit + "\nstdout:\n" + merge.stdout() + "\nstderr:\n"
                    + merge.stderr();
            assertEquals(0, exit, "the merge's own exit code: " + what);
            assertEquals("", merge.stderr(), what);
            assertTrue(merge.stdout().contains("Shards merged: 2"), "the report: " + what);
            Set<String> files;
            try (Stream<Path> list = Files.list(out)) {
                files = list.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            }
            assertEquals(Set.of("m.json", "m.csv", "m.hlog", "m.html", "m.xml"), files,
                    "every file, none temporary: " + what);
            JsonNode result = JSON.readTree(out.resolve("m.json").toFile());
            assertEquals(40, result.at("/established_total").asLong(), "-c 40 in two shards: " + what);
            assertEquals(2, result.at("/merged/shards").asInt(), what);
            assertEquals(result, PageData.read(out.resolve("m.html")).get("result"), what);
            assertTrue(Files.readString(out.resolve("m.xml")).contains("</testsuite>"), what);
            assertTrue(Files.readAllLines(out.resolve("m.csv")).get(0).startsWith("time,elapsed_s,"), what);
        }
    }
}
