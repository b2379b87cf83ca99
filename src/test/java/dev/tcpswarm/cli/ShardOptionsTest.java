package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --shard}, {@code --shard-from-env} and {@code --start-at}: which part of the plan a process
 * runs, and when; and every bad value refused with one line and exit 64 before anything is opened.
 */
class ShardOptionsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static LoadPlan whole() throws Exception {
        return new LoadPlan(new Target("127.0.0.1", 9, new InetSocketAddress("127.0.0.1", 9)), 6000, 166_667, 5000, 0,
                false, 0, CloseMode.RST, List.of(InetAddress.getByName("198.18.1.2"),
                        InetAddress.getByName("198.18.2.2"), InetAddress.getByName("198.18.3.2")), 2);
    }

    private static ShardOptions options(String shard, boolean fromEnv, Integer count, String startAt) {
        ShardOptions o = new ShardOptions();
        o.shard = shard;
        o.fromEnv = fromEnv;
        o.count = count;
        o.startAt = startAt;
        return o;
    }

    @Test
    void shardFromTheCommandLineOrFromAnIndexedJobsEnvironment() throws Exception {
        LoadPlan byOption = options("2/3", false, null, null).apply(whole(), NOW, name -> null);
        LoadPlan byEnv = options(null, true, null, null).apply(whole(), NOW,
                Map.of("JOB_COMPLETION_INDEX", "2", "TCPSWARM_SHARD_COUNT", "3")::get);
        LoadPlan byEnvAndCount = options(null, true, 3, null).apply(whole(), NOW, Map.of("JOB_COMPLETION_INDEX", "2")::get);
        for (LoadPlan p : List.of(byOption, byEnv, byEnvAndCount)) {
            assertEquals(2, p.shard().index());
            assertEquals(3, p.shard().count());
            assertEquals(2000, p.connections());
            assertEquals(List.of(InetAddress.getByName("198.18.3.2")), p.sources());
            assertEquals(3 * 166_667, p.startIntervalNanos());
            assertNull(p.startAt());
        }
        assertEquals(whole(), options(null, false, null, null).apply(whole(), NOW, name -> "5"), "no shard: the whole plan");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2026-12-01T10:00:05Z          | 2026-12-01T10:00:05Z",
        "2026-12-01t10:00:05.250z      | 2026-12-01T10:00:05.250Z",
        "2026-12-01T11:00:05+01:00     | 2026-12-01T10:00:05Z",
        "2026-12-01 10:00:05Z          | 2026-12-01T10:00:05Z",
        "1796119205                    | 2026-12-01T10:00:05Z",
        "1796119205.5                  | 2026-12-01T10:00:05.500Z",
    })
    void startAtInRfc3339OrEpochSeconds(String given, String expected) throws Exception {
        LoadPlan plan = options(null, false, null, given).apply(whole(), NOW, name -> null);
        assertEquals(Instant.parse(expected), plan.startAt());
        assertTrue(ShardOptions.waitLine(plan, NOW).startsWith("tcpswarm: waiting 5."), ShardOptions.waitLine(plan, NOW));
    }

    @Test
    void aStartInThePastWithinTheDialTimeoutStartsAtOnceLate() throws Exception {
        LoadPlan plan = options("0/2", false, null, "2026-12-01T09:59:56Z").apply(whole(), NOW, name -> null);
        assertEquals("tcpswarm: starting 4.000 s after --start-at 2026-12-01T09:59:56Z (shard 0/2): the starts planned "
                + "before now count as late", ShardOptions.waitLine(plan, NOW));
        UsageException late = assertThrows(UsageException.class,
                () -> options(null, false, null, "2026-12-01T09:59:54.999Z").apply(whole(), NOW, name -> null));
        assertEquals("--start-at 2026-12-01T09:59:54.999Z was 5.001 s ago, more than the dial timeout (5000 ms): this "
                + "process came too late to start with the others; give a time ahead", late.getMessage());
    }

    /** Each bad value, through the real command: one line on stderr, exit 64, nothing opened. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--shard 3/3                            | tcpswarm: --shard 3/3: the shard index runs from 0 to 2 (as Kubernetes' JOB_COMPLETION_INDEX does)",
        "--shard 0/0                            | tcpswarm: --shard 0/0: the number of shards must be at least 1",
        "--shard 1of3                           | tcpswarm: --shard '1of3' is not I/N: give the shard's index and the number of shards, e.g. --shard 0/3 (indexes run from 0)",
        "--shard 0/3 --shard-from-env           | tcpswarm: --shard and --shard-from-env both say which shard this is: use one of them",
        "--shard 0/3 --shard-count 3            | tcpswarm: --shard-count goes with --shard-from-env (--shard I/N gives the count itself)",
        "--shard 0/200                          | tcpswarm: --connections 100 cannot be split over 200 shards: each shard needs at least one connection",
        "--shard 0/3 --source 127.0.0.1-127.0.0.2 | tcpswarm: --source gives 2 addresses for 3 shards: each shard needs at least one (or leave --source out)",
        "--start-at tomorrow                    | tcpswarm: --start-at 'tomorrow' is not a time: give RFC 3339 with a zone (2026-12-01T10:00:00Z) or epoch seconds (1764583200)",
        "--start-at 2026-12-01T10:00:00         | tcpswarm: --start-at '2026-12-01T10:00:00' is not a time: give RFC 3339 with a zone (2026-12-01T10:00:00Z) or epoch seconds (1764583200)",
        "--start-at 1000000000                  | tcpswarm: --start-at 2001-09-09T01:46:40Z was",
        "--start-at 99999999999                 | tcpswarm: --start-at 5138-11-16T09:46:39Z is more than a day ahead: give epoch seconds (not milliseconds) or an RFC 3339 time",
    })
    void badValuesAreOneLineAndExit64(String options, String expectedLine) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            List<String> args = new java.util.ArrayList<>(List.of("run", "127.0.0.1", String.valueOf(port), "-y", "-i", "0"));
            args.addAll(List.of(options.trim().split(" ")));
            Cli.Outcome o = Cli.run(args.toArray(new String[0]));
            assertEquals(64, o.exit(), o.err());
            assertEquals(1, o.errLines().size(), o.err());
            assertTrue(o.err().startsWith(expectedLine.trim()), o.err());
            assertEquals("", o.out(), "nothing ran");
        }
    }

    @Test
    void shardFromEnvWithoutItsVariablesSaysWhatIsMissing() throws Exception {
        UsageException noIndex = assertThrows(UsageException.class,
                () -> options(null, true, 3, null).apply(whole(), NOW, name -> null));
        assertEquals("--shard-from-env: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in an Indexed Job's pods): "
                + "set it, or give --shard I/N", noIndex.getMessage());
        UsageException noCount = assertThrows(UsageException.class, () -> options(null, true, null, null)
                .apply(whole(), NOW, Map.of("JOB_COMPLETION_INDEX", "1")::get));
        assertEquals("--shard-from-env needs the number of shards: give --shard-count N or set TCPSWARM_SHARD_COUNT",
                noCount.getMessage());
        UsageException bad = assertThrows(UsageException.class, () -> options(null, true, 3, null)
                .apply(whole(), NOW, Map.of("JOB_COMPLETION_INDEX", "one")::get));
        assertEquals("--shard-from-env: JOB_COMPLETION_INDEX='one' is not a shard index (0, 1, 2, ...)", bad.getMessage());
    }
}
