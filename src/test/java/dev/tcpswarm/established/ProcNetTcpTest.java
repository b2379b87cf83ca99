package dev.tcpswarm.established;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser on captured tables, for both byte orders.
 *
 * <p>{@code tcp-little-endian} and {@code tcp6-little-endian} were captured on an x86_64 Linux 6.18
 * machine, in a network namespace holding: {@code tcpswarm serve} on 127.0.0.1:9000 as an IPv4-only
 * socket (JVM flag java.net.preferIPv4Stack) with two connections from {@code tcpswarm run}, and
 * {@code tcpswarm serve --bind ::} on 9001 (dual-stack) with two connections from ::1 and two from
 * 127.0.0.1 (IPv4-mapped). {@code ss -tanie} at the same moment listed exactly the sockets expected
 * below. The {@code -big-endian} files are the same tables as a big-endian kernel prints them:
 * each 32-bit address word byte-swapped, all else identical. {@code tcp-big-endian-sparc} is a line
 * that a SPARC (big-endian) host printed, as quoted in psutil's issue 201.
 */
class ProcNetTcpTest {
    private static final int ALL = ProcNetTcp.stateMask(ProcNetTcp.ESTABLISHED, ProcNetTcp.LISTEN);

    /** What {@code ss -tanie} showed for the captured tcp table. */
    private static final List<String> TCP = List.of(
            "LISTEN ipv4 127.0.0.1:9000 0.0.0.0:0 inode 1316635",
            "ESTAB ipv4 127.0.0.1:9000 127.0.0.1:35144 inode 1337055",
            "ESTAB ipv4 127.0.0.1:35144 127.0.0.1:9000 inode 1337054",
            "ESTAB ipv4 127.0.0.1:35160 127.0.0.1:9000 inode 1337056",
            "ESTAB ipv4 127.0.0.1:9000 127.0.0.1:35160 inode 1340108");

    /** What {@code ss -tanie} showed for the captured tcp6 table. */
    private static final List<String> TCP6 = List.of(
            "LISTEN ipv6 [::]:9001 [::]:0 inode 1317460",
            "ESTAB ipv6 [::1]:9001 [::1]:44096 inode 1321937",
            "ESTAB ipv4 127.0.0.1:9001 127.0.0.1:51676 inode 1316709",
            "ESTAB ipv4 127.0.0.1:9001 127.0.0.1:51678 inode 1316716",
            "ESTAB ipv4 127.0.0.1:51676 127.0.0.1:9001 inode 1316707",
            "ESTAB ipv4 127.0.0.1:51678 127.0.0.1:9001 inode 1316708",
            "ESTAB ipv6 [::1]:44090 [::1]:9001 inode 1322252",
            "ESTAB ipv6 [::1]:44096 [::1]:9001 inode 1321936",
            "ESTAB ipv6 [::1]:9001 [::1]:44090 inode 1322253");

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ProcNetTcpTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    /** Every socket the parser hands over, as text. */
    static List<String> parseAll(byte[] table, ByteOrder order, int wanted) {
        List<String> sockets = new ArrayList<>();
        ProcNetTcp.parse(table, table.length, order, wanted,
                (state, localHi, localLo, localPort, remoteHi, remoteLo, remotePort, inode) -> sockets.add(
                        (state == ProcNetTcp.LISTEN ? "LISTEN " : state == ProcNetTcp.ESTABLISHED ? "ESTAB " : state + " ")
                                + Family.of(localHi, localLo).label() + " " + text(localHi, localLo, localPort) + " "
                                + text(remoteHi, remoteLo, remotePort) + " inode " + inode));
        return sockets;
    }

    private static String text(long hi, long lo, int port) {
        byte[] bytes = ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
        try {
            InetAddress a = InetAddress.getByAddress(bytes); // Java turns ::ffff:a.b.c.d into an Inet4Address
            String host = a.getHostAddress();
            if (host.contains(":")) {
                host = "[" + (host.equals("0:0:0:0:0:0:0:0") ? "::" : host.equals("0:0:0:0:0:0:0:1") ? "::1" : host) + "]";
            }
            return host + ":" + port;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void capturedLittleEndianTables() throws IOException {
        assertEquals(TCP, parseAll(fixture("tcp-little-endian"), ByteOrder.LITTLE_ENDIAN, ALL));
        assertEquals(TCP6, parseAll(fixture("tcp6-little-endian"), ByteOrder.LITTLE_ENDIAN, ALL));
    }

    @Test
    void theSameTablesFromABigEndianKernel() throws IOException {
        assertEquals(TCP, parseAll(fixture("tcp-big-endian"), ByteOrder.BIG_ENDIAN, ALL));
        assertEquals(TCP6, parseAll(fixture("tcp6-big-endian"), ByteOrder.BIG_ENDIAN, ALL));
    }

    @Test
    void aLineFromASparcHost() throws IOException {
        assertEquals(List.of("LISTEN ipv4 127.0.0.1:41279 0.0.0.0:0 inode 41019895"),
                parseAll(fixture("tcp-big-endian-sparc"), ByteOrder.BIG_ENDIAN, ALL));
    }

    @Test
    void theWrongByteOrderReversesEveryAddressWordButNotThePorts() throws IOException {
        List<String> wrong = parseAll(fixture("tcp-little-endian"), ByteOrder.BIG_ENDIAN, ALL);
        assertEquals("ESTAB ipv4 1.0.0.127:9000 1.0.0.127:35144 inode 1337055", wrong.get(1));
    }

    @Test
    void onlyTheWantedStatesReachTheSinkButEveryLineIsCounted() throws IOException {
        byte[] table = fixture("tcp6-little-endian");
        List<String> listeners = new ArrayList<>();
        int lines = ProcNetTcp.parse(table, table.length, ByteOrder.LITTLE_ENDIAN,
                ProcNetTcp.stateMask(ProcNetTcp.LISTEN), (state, lh, ll, lp, rh, rl, rp, inode) -> listeners.add(lp + ""));
        assertEquals(9, lines);
        assertEquals(List.of("9001"), listeners);
    }

    @Test
    void otherStatesAndLongSlotNumbersAsTheKernelPrintsThem() {
        String table = ProcNetTables.TCP_HEADER + "\n"
                + "10000: 0100007F:1F90 0100007F:D431 06 00000000:00000000 03:00000DC2 00000000     0        0 0 3 "
                + "0000000000000000\n"
                + "10001: 0100007F:1F90 0100007F:D432 01 00000000:00000000 00:00000000 00000000  1000        0 "
                + "18446744073 1 0000000000000000 20 4 30 10 -1\n";
        byte[] bytes = table.getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("6 ipv4 127.0.0.1:8080 127.0.0.1:54321 inode 0",
                "ESTAB ipv4 127.0.0.1:8080 127.0.0.1:54322 inode 18446744073"),
                parseAll(bytes, ByteOrder.LITTLE_ENDIAN, ProcNetTcp.stateMask(ProcNetTcp.ESTABLISHED, 6)));
    }

    @Test
    void aLineNotInTheKernelsFormatSaysWhichLine() {
        String table = ProcNetTables.TCP_HEADER + "\n"
                + "   0: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 5 1\n"
                + "   1: 0100007F:1F90 0100007F:D4 01 00000000:00000000 00:00000000 00000000     0        0 6 1\n";
        byte[] bytes = table.getBytes(StandardCharsets.US_ASCII);
        MalformedProcNetException e = assertThrows(MalformedProcNetException.class,
                () -> ProcNetTcp.parse(bytes, bytes.length, ByteOrder.LITTLE_ENDIAN, ALL, (s, a, b, c, d, f, g, h) -> { }));
        assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
        byte[] noInode = (ProcNetTables.TCP_HEADER + "\n   0: 0100007F:1F90 0100007F:D431 01 0:0 0:0 0 0 0\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThrows(MalformedProcNetException.class, () -> ProcNetTcp.parse(noInode, noInode.length,
                ByteOrder.LITTLE_ENDIAN, ALL, (s, a, b, c, d, f, g, h) -> { }));
    }

    @Test
    void parsingAllocatesNothingPerLine() {
        ProcNetTables tables = new ProcNetTables(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 100_000; i++) {
            tables.add(ProcNetTcp.ESTABLISHED, "10.1." + (i >> 8 & 255) + "." + (i & 255), 8080, "10.2.0.1",
                    1024 + i % 60000, 100_000 + i);
        }
        byte[] table = tables.tcpBytes();
        long[] sum = new long[1];
        ProcNetTcp.SocketSink sink = (state, lh, ll, lp, rh, rl, rp, inode) -> sum[0] += ll + rp + inode;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ProcNetTcp.parse(table, table.length, ByteOrder.LITTLE_ENDIAN, ALL, sink); // load and link everything first
        long before = threads.getCurrentThreadAllocatedBytes();
        int lines = ProcNetTcp.parse(table, table.length, ByteOrder.LITTLE_ENDIAN, ALL, sink);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(100_000, lines);
        // A String, a boxed value or a split array per line would be megabytes; the whole parse may
        // allocate a few hundred bytes (the measurement's own bookkeeping).
        assertTrue(allocated < 10_000, allocated + " bytes allocated for 100,000 lines");
    }
}
