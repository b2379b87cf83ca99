package dev.tcpswarm.established;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark behind {@code bench/established-scan.sh} (not a test: it judges nothing): one scan
 * of a synthetic tcp table of N lines (default 100,000), as the exporter does it every interval:
 * read the file, parse, track, count. Prints the time per scan (wall, and this thread's CPU time,
 * which a machine shared with other work disturbs less) and the bytes allocated per scan (this
 * thread's, from ThreadMXBean) for the first scan (every connection new: the tracked set grows),
 * for steady scans of the same table, and for scans where a tenth of the connections change
 * every time (evictions and insertions).
 *
 * <p>The table: 20 listening ports; 70% of the lines inbound ESTABLISHED to them from distinct
 * clients, 15% this host's own connections out (ESTABLISHED, ephemeral ports), 15% TIME_WAIT.
 * Run by the one main thread.
 */
public final class ScanBenchmark {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int scans = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path steadyDir = Files.createTempDirectory("tcpswarm-scan-bench");
        Path churnDir = Files.createTempDirectory("tcpswarm-scan-bench");
        try {
            byte[][] tables = {table(lines, 0).tcpBytes(), table(lines, 1).tcpBytes()};
            byte[] noTcp6 = new ProcNetTables(ByteOrder.LITTLE_ENDIAN).tcp6Bytes();
            Files.write(steadyDir.resolve("tcp"), tables[0]);
            Files.write(steadyDir.resolve("tcp6"), noTcp6);
            Files.write(churnDir.resolve("tcp6"), noTcp6);
            System.out.printf(Locale.ROOT, "table: %d lines, %.1f MB; JVM %s, %s; %d cores%n", lines,
                    tables[0].length / 1e6, System.getProperty("java.vm.version"),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    Runtime.getRuntime().availableProcessors());

            EstablishedScanner steady = scanner(steadyDir);
            long[] first = measure(steady);
            System.out.printf(Locale.ROOT, "first scan (all %d connections new): %.1f ms (CPU %.1f ms), %,d bytes "
                    + "allocated%n", first[2], first[0] / 1e6, first[3] / 1e6, first[1]);
            for (int i = 0; i < scans; i++) { // warm-up: let the JIT compile the scan
                steady.scan();
            }
            report("steady (same table)", steady, null, null, scans);

            Files.write(churnDir.resolve("tcp"), tables[0]);
            EstablishedScanner churn = scanner(churnDir);
            churn.scan();
            for (int i = 0; i < scans; i++) {
                Files.write(churnDir.resolve("tcp"), tables[(i + 1) % 2]);
                churn.scan();
            }
            report("churn (10% replaced per scan)", churn, churnDir, tables, scans);
        } finally {
            for (Path d : new Path[] {steadyDir, churnDir}) {
                Files.deleteIfExists(d.resolve("tcp"));
                Files.deleteIfExists(d.resolve("tcp6"));
                Files.deleteIfExists(d);
            }
        }
    }

    private static EstablishedScanner scanner(Path dir) {
        return new EstablishedScanner(ProcNetSource.directory(dir, ByteOrder.LITTLE_ENDIAN),
                new ScanSettings(Set.of(), true, -1, TimeUnit.SECONDS.toNanos(6)), System::nanoTime);
    }

    /** {wall nanos, bytes allocated, connections tracked, CPU nanos} for one scan. */
    private static long[] measure(EstablishedScanner scanner) throws Exception {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        EstablishedSnapshot s = scanner.scan();
        long nanos = System.nanoTime() - start;
        return new long[] {nanos, THREADS.getCurrentThreadAllocatedBytes() - bytes, s.trackedConnections(),
            THREADS.getCurrentThreadCpuTime() - cpu};
    }

    /** Measures {@code scans} scans; with {@code churnDir}, the table alternates before each (not measured). */
    private static void report(String what, EstablishedScanner scanner, Path churnDir, byte[][] tables, int scans)
            throws Exception {
        long[][] m = new long[scans][];
        for (int i = 0; i < scans; i++) {
            if (churnDir != null) {
                Files.write(churnDir.resolve("tcp"), tables[i % 2]);
            }
            m[i] = measure(scanner);
        }
        long tracked = m[0][2];
        long[] wall = Arrays.stream(m).mapToLong(r -> r[0]).sorted().toArray();
        long[] cpu = Arrays.stream(m).mapToLong(r -> r[3]).sorted().toArray();
        long[] bytes = Arrays.stream(m).mapToLong(r -> r[1]).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-30s %d scans, %d tracked: wall median %.1f ms, p90 %.1f ms, max %.1f ms; "
                + "CPU median %.1f ms, p90 %.1f ms; allocated per scan: median %,d bytes, max %,d bytes%n", what, scans,
                tracked, wall[scans / 2] / 1e6, wall[scans * 9 / 10] / 1e6, wall[scans - 1] / 1e6, cpu[scans / 2] / 1e6,
                cpu[scans * 9 / 10] / 1e6, bytes[scans / 2], bytes[scans - 1]);
    }

    /**
     * The synthetic table; {@code variant} 1 replaces every tenth inbound connection of variant 0
     * by another one (another client port and inode).
     */
    static ProcNetTables table(int lines, int variant) {
        ProcNetTables t = new ProcNetTables(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < 20; p++) {
            t.listen("0.0.0.0", 8000 + p);
        }
        for (int i = 20; i < lines; i++) {
            int kind = i % 20;
            String client = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            if (kind < 14) {
                boolean replaced = variant == 1 && i % 10 == 0;
                t.add(ProcNetTcp.ESTABLISHED, "192.168.0.1", 8000 + i / 20 % 20, client,
                        replaced ? 61000 : 40000 + i % 20000, replaced ? 5_000_000 + i : 1_000_000 + i);
            } else if (kind < 17) {
                t.add(ProcNetTcp.ESTABLISHED, "192.168.0.1", 32768 + i % 28000, client, 443, 2_000_000 + i);
            } else {
                t.add(0x06, "192.168.0.1", 8000 + i % 20, client, 30000 + i % 30000, 0);
            }
        }
        return t;
    }
}
