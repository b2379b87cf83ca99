package dev.tcpswarm.established;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scan counts and how ages go, on tables written to files and a clock the test drives: inbound
 * only, per port and family, the filters, --min-age, eviction, and the accept queue's inode 0.
 */
class EstablishedScannerTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_AGE = 6 * SECOND;

    @TempDir
    Path dir;

    private long now = 1_000 * SECOND;

    private EstablishedScanner scanner(ScanSettings settings) {
        return new EstablishedScanner(ProcNetSource.directory(dir, ByteOrder.LITTLE_ENDIAN), settings, () -> now);
    }

    private static ScanSettings all() {
        return new ScanSettings(Set.of(), true, -1, MIN_AGE);
    }

    /** port/family=established/long-lived, one per row. */
    private static String rows(EstablishedSnapshot s) {
        return s.rows().stream().map(r -> r.port() + "/" + r.family().label() + "=" + r.established() + "/"
                + r.longLived()).collect(Collectors.joining(" "));
    }

    /** A server on 8080 (IPv4) with {@code n} clients from 10.0.0.1, ports from 40000, inodes from 500. */
    private static ProcNetTables server8080(int n) {
        ProcNetTables t = new ProcNetTables(ByteOrder.LITTLE_ENDIAN).listen("0.0.0.0", 8080);
        for (int i = 0; i < n; i++) {
            t.add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 8080, "10.0.0.1", 40000 + i, 500 + i);
        }
        return t;
    }

    @Test
    void capturedTablesOfBothByteOrdersGiveTheSameCounts() throws IOException {
        for (String order : List.of("little-endian", "big-endian")) {
            Files.write(dir.resolve("tcp"), ProcNetTcpTest.fixture("tcp-" + order));
            Files.write(dir.resolve("tcp6"), ProcNetTcpTest.fixture("tcp6-" + order));
            ByteOrder byteOrder = order.equals("big-endian") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            EstablishedSnapshot s = new EstablishedScanner(ProcNetSource.directory(dir, byteOrder), all(), () -> now)
                    .scan();
            // Each client socket (ephemeral local port, no listener) is left out; the dual-stack
            // listener's IPv4 clients count as ipv4.
            assertEquals("9000/ipv4=2/0 9001/ipv4=2/0 9001/ipv6=2/0", rows(s), order);
            assertEquals(6, s.trackedConnections());
        }
    }

    @Test
    void onlyConnectionsToAListeningPortAreInbound() throws IOException {
        server8080(3)
                // this host's own connections out: established, but their local ports do not listen
                .add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 51000, "93.184.216.34", 443, 900)
                .add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 51001, "10.0.0.9", 8080, 901)
                // not established
                .add(0x06, "10.0.0.2", 8080, "10.0.0.7", 40999, 0)
                .add(0x08, "10.0.0.2", 8080, "10.0.0.8", 41000, 902)
                .writeTo(dir);
        EstablishedSnapshot s = scanner(all()).scan();
        assertEquals("8080/ipv4=3/0", rows(s));
    }

    @Test
    void inboundMeansTheListenersAddressAndPortNotThePortAlone() throws IOException {
        new ProcNetTables(ByteOrder.LITTLE_ENDIAN)
                .listen("127.0.0.5", 23010)
                .add(ProcNetTcp.ESTABLISHED, "127.0.0.5", 23010, "127.0.0.1", 40000, 1) // a client of the listener
                .add(ProcNetTcp.ESTABLISHED, "127.0.0.1", 23010, "127.0.0.9", 7000, 2) // outbound, same port number
                .listen("0.0.0.0", 23011) // a wildcard listener takes every IPv4 address
                .add(ProcNetTcp.ESTABLISHED, "10.1.2.3", 23011, "10.1.2.4", 40001, 3)
                .add(ProcNetTcp.ESTABLISHED, "2001:db8::2", 23011, "2001:db8::1", 40002, 4) // no IPv6 listener
                .listen("::1", 23012)
                .add(ProcNetTcp.ESTABLISHED, "::1", 23012, "::1", 40003, 5)
                .add(ProcNetTcp.ESTABLISHED, "2001:db8::2", 23012, "2001:db8::1", 40004, 6) // outbound
                .writeTo(dir);
        assertEquals("23010/ipv4=1/0 23011/ipv4=1/0 23012/ipv6=1/0", rows(scanner(all()).scan()));
    }

    @Test
    void aListenerInOneTableMakesThePortInboundInTheOther() throws IOException {
        new ProcNetTables(ByteOrder.LITTLE_ENDIAN)
                .add(ProcNetTcp.ESTABLISHED, "::ffff:10.0.0.2", 443, "::ffff:10.0.0.1", 40000, 1) // before its listener
                .add(ProcNetTcp.ESTABLISHED, "2001:db8::2", 443, "2001:db8::1", 40001, 2)
                .listen("::", 443)
                .writeTo(dir);
        assertEquals("443/ipv4=1/0 443/ipv6=1/0", rows(scanner(all()).scan()));
    }

    @Test
    void theScanWhenAConnectionComesOfAgeIsKnownSoItCanBeScheduled() throws IOException {
        EstablishedScanner scanner = scanner(all());
        long start = now;
        server8080(3).writeTo(dir);
        scanner.scan();
        assertEquals(java.util.OptionalLong.of(start + 6 * SECOND), scanner.nextComingOfAgeNanos());
        now += 700_000_000L;
        server8080(5).writeTo(dir); // two more, first seen 0.7 s in
        scanner.scan();
        assertEquals(java.util.OptionalLong.of(start + 6 * SECOND), scanner.nextComingOfAgeNanos(), "the soonest");
        now = start + 6 * SECOND;
        assertEquals("8080/ipv4=5/3", rows(scanner.scan()), "exactly --min-age old: counted at this scan");
        assertEquals(java.util.OptionalLong.of(start + 6 * SECOND + 700_000_000L), scanner.nextComingOfAgeNanos(),
                "the next to come of age: 6.7 s, not the next whole interval at 7 s");
        now = start + 6 * SECOND + 700_000_000L;
        assertEquals("8080/ipv4=5/5", rows(scanner.scan()));
        assertEquals(java.util.OptionalLong.empty(), scanner.nextComingOfAgeNanos(), "all long-lived");
    }

    @Test
    void minAgeOnTheDrivenClock() throws IOException {
        EstablishedScanner scanner = scanner(all());
        server8080(3).writeTo(dir);
        EstablishedSnapshot s = scanner.scan();
        assertEquals("8080/ipv4=3/0", rows(s), "open at start: age unknown, counted from now");
        assertEquals(0, s.trackingNanos());
        assertFalse(s.longLivedComplete());

        now += 5 * SECOND;
        server8080(5).writeTo(dir); // two more
        assertEquals("8080/ipv4=5/0", rows(scanner.scan()));

        now += SECOND - 1;
        assertEquals("8080/ipv4=5/0", rows(scanner.scan()), "one nanosecond short of --min-age");
        now += 1;
        s = scanner.scan();
        assertEquals("8080/ipv4=5/3", rows(s), "the first three are --min-age old now, the two newer ones not");
        assertTrue(s.longLivedComplete());
        assertEquals(MIN_AGE, s.trackingNanos());
        assertEquals(MIN_AGE, s.rows().get(0).oldestAgeNanos());

        now += 5 * SECOND;
        assertEquals("8080/ipv4=5/5", rows(scanner.scan()));
    }

    @Test
    void closedConnectionsAreEvictedAndPortsReusedByANewConnectionStartAgain() throws IOException {
        EstablishedScanner scanner = scanner(all());
        server8080(4).writeTo(dir);
        scanner.scan();
        now += MIN_AGE;
        assertEquals("8080/ipv4=4/4", rows(scanner.scan()));

        server8080(1).writeTo(dir); // three closed
        EstablishedSnapshot s = scanner.scan();
        assertEquals("8080/ipv4=1/1", rows(s));
        assertEquals(1, s.trackedConnections());

        // The same four-tuple as a closed one, with another inode: a new connection.
        server8080(1).add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 8080, "10.0.0.1", 40001, 7777).writeTo(dir);
        now += SECOND;
        assertEquals("8080/ipv4=2/1", rows(scanner.scan()));

        new ProcNetTables(ByteOrder.LITTLE_ENDIAN).listen("0.0.0.0", 8080).writeTo(dir);
        s = scanner.scan();
        assertEquals("", rows(s), "a port with no connections has no row");
        assertEquals(0, s.trackedConnections());
    }

    @Test
    void aConnectionAcceptedAfterWaitingInTheQueueKeepsItsAge() throws IOException {
        EstablishedScanner scanner = scanner(all());
        ProcNetTables queued = new ProcNetTables(ByteOrder.LITTLE_ENDIAN).listen("0.0.0.0", 8080)
                .add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 8080, "10.0.0.1", 40000, 0); // not accepted yet: no inode
        queued.writeTo(dir);
        scanner.scan();
        now += MIN_AGE;
        new ProcNetTables(ByteOrder.LITTLE_ENDIAN).listen("0.0.0.0", 8080)
                .add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 8080, "10.0.0.1", 40000, 4242).writeTo(dir);
        assertEquals("8080/ipv4=1/1", rows(scanner.scan()));
    }

    @Test
    void aLineRepeatedWithinOneScanCountsOnce() throws IOException {
        server8080(2).add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 8080, "10.0.0.1", 40000, 500).writeTo(dir);
        assertEquals("8080/ipv4=2/0", rows(scanner(all()).scan()));
    }

    @Test
    void portsFamilyAndTheExportersOwnPort() throws IOException {
        new ProcNetTables(ByteOrder.LITTLE_ENDIAN)
                .listen("0.0.0.0", 80).listen("::", 443).listen("127.0.0.1", 9690)
                .add(ProcNetTcp.ESTABLISHED, "10.0.0.2", 80, "10.0.0.1", 40000, 1)
                .add(ProcNetTcp.ESTABLISHED, "::ffff:10.0.0.2", 443, "::ffff:10.0.0.1", 40001, 2)
                .add(ProcNetTcp.ESTABLISHED, "2001:db8::2", 443, "2001:db8::1", 40002, 3)
                .add(ProcNetTcp.ESTABLISHED, "2001:db8::2", 443, "2001:db8::1", 40003, 4)
                .add(ProcNetTcp.ESTABLISHED, "127.0.0.1", 9690, "127.0.0.1", 40004, 5) // a scrape
                .writeTo(dir);
        assertEquals("80/ipv4=1/0 443/ipv4=1/0 443/ipv6=2/0 9690/ipv4=1/0", rows(scanner(all()).scan()));
        assertEquals("80/ipv4=1/0 443/ipv4=1/0 443/ipv6=2/0",
                rows(scanner(new ScanSettings(Set.of(), true, 9690, MIN_AGE)).scan()), "exporter's port excluded");
        assertEquals("80/ipv4=1/0 443/ipv4=1/0 9690/ipv4=1/0",
                rows(scanner(new ScanSettings(Set.of(), false, -1, MIN_AGE)).scan()),
                "--no-ipv6 keeps the dual-stack listener's IPv4 client");
        assertEquals("443/ipv4=1/0 443/ipv6=2/0",
                rows(scanner(new ScanSettings(Set.of(443, 22), true, -1, MIN_AGE)).scan()), "--port 443 --port 22");
    }

    @Test
    void oldestAgePerPortSpansBothFamilies() throws IOException {
        EstablishedScanner scanner = scanner(all());
        new ProcNetTables(ByteOrder.LITTLE_ENDIAN).listen("::", 443)
                .add(ProcNetTcp.ESTABLISHED, "2001:db8::2", 443, "2001:db8::1", 40002, 3).writeTo(dir);
        scanner.scan();
        now += 10 * SECOND;
        new ProcNetTables(ByteOrder.LITTLE_ENDIAN).listen("::", 443)
                .add(ProcNetTcp.ESTABLISHED, "2001:db8::2", 443, "2001:db8::1", 40002, 3)
                .add(ProcNetTcp.ESTABLISHED, "::ffff:10.0.0.2", 443, "::ffff:10.0.0.1", 40001, 2).writeTo(dir);
        EstablishedSnapshot s = scanner.scan();
        assertEquals("443/ipv4=1/0 443/ipv6=1/1", rows(s));
        assertEquals(0, s.rows().get(0).oldestAgeNanos());
        assertEquals(10 * SECOND, s.rows().get(1).oldestAgeNanos());
        assertEquals(10 * SECOND, s.oldestAgeNanosByPort().get(443));
    }

    @Test
    void aMissingTcp6IsAKernelWithoutIpv6ButAMissingTcpIsAnError() throws IOException {
        server8080(1).writeTo(dir);
        Files.delete(dir.resolve("tcp6"));
        assertEquals("8080/ipv4=1/0", rows(scanner(all()).scan()));
        Files.delete(dir.resolve("tcp"));
        assertThrows(NoSuchFileException.class, () -> scanner(all()).scan());
    }

    @Test
    void aScanOfAManyThousandLineTableMatchesACountMadeAnotherWay() throws IOException {
        // 30,000 connections over 3 ports and both families, with outbound and TIME_WAIT lines between.
        ProcNetTables t = new ProcNetTables(ByteOrder.LITTLE_ENDIAN).listen("::", 8000).listen("::", 8001)
                .listen("0.0.0.0", 8002);
        int[][] expected = new int[3][2];
        for (int i = 0; i < 30_000; i++) {
            int port = 8000 + i % 3;
            boolean v6 = port != 8002 && i % 7 == 0;
            String remote = v6 ? "2001:db8::" + Integer.toHexString(i) : "10." + (i >> 16) + "." + (i >> 8 & 255) + "."
                    + (i & 255);
            String local = v6 ? "2001:db8::1" : port == 8002 ? "10.0.0.1" : "::ffff:10.0.0.1";
            t.add(ProcNetTcp.ESTABLISHED, local, port, v6 ? remote : (port == 8002 ? remote : "::ffff:" + remote),
                    30000 + i % 30000, 1_000_000 + i);
            expected[port - 8000][v6 ? 1 : 0]++;
            if (i % 10 == 0) {
                t.add(ProcNetTcp.ESTABLISHED, "10.0.0.1", 40000 + i % 20000, "10.9.9.9", 443, 2_000_000 + i);
                t.add(0x06, "10.0.0.1", port, "10.8.8.8", 1000 + i % 50000, 0);
            }
        }
        t.writeTo(dir);
        StringBuilder want = new StringBuilder();
        for (int p = 0; p < 3; p++) {
            for (int f = 0; f < 2; f++) {
                if (expected[p][f] > 0) {
                    want.append(want.length() > 0 ? " " : "").append(8000 + p).append(f == 0 ? "/ipv4=" : "/ipv6=")
                            .append(expected[p][f]).append("/0");
                }
            }
        }
        EstablishedScanner scanner = scanner(all());
        assertEquals(want.toString(), rows(scanner.scan()));
        assertEquals(30_000, scanner.scan().trackedConnections(), "the same connections again: none added");
    }

    @Test
    void aScanAllocatesPerScanNotPerLine() throws IOException {
        ScanBenchmark.table(50_000, 0).writeTo(dir);
        EstablishedScanner scanner = scanner(all());
        for (int i = 0; i < 3; i++) {
            scanner.scan(); // the buffers and the tracked set reach their size
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        EstablishedSnapshot s = scanner.scan();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(20, s.rows().size());
        assertEquals(34_986, s.trackedConnections());
        // The snapshot, its 20 rows and the file handles: a few kilobytes, whatever the number of lines.
        assertTrue(allocated < 16_000, allocated + " bytes allocated by one scan of 50,000 lines");
    }
}
