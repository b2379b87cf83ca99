package dev.tcpswarm.established;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One scan of a network namespace's connections: reads its tcp and tcp6 tables, keeps the inbound
 * established ones (a connection is inbound when its local port is also LISTENing, in either
 * table; so a client's connections, from ephemeral ports, never count), applies the
 * {@link ScanSettings}, updates the {@link FirstSeenTracker} and returns an
 * {@link EstablishedSnapshot}.
 *
 * <p>Time comes from an injected monotonic clock ({@code System::nanoTime} in production), so
 * tests can drive ages. Tracking starts at the first scan. Per line, nothing is allocated: the
 * tables are read into reused byte arrays and parsed in place, the established lines are kept in
 * a reused {@code long[]} until both tables are read (a dual-stack listener in tcp6 can make a
 * port inbound), and counts go into per-port arrays; only the snapshot's rows (one per port and
 * family) and the tracked set's growth allocate.
 *
 * <p>Not thread-safe: one thread scans (the exporter's scan loop, or {@code --once}).
 */
public final class EstablishedScanner {
    private static final int WANTED = ProcNetTcp.stateMask(ProcNetTcp.ESTABLISHED, ProcNetTcp.LISTEN);
    private static final int PORTS = 65536;
    /** Longs per established line kept until both tables are read. */
    private static final int STASH_STRIDE = 6;
    private static final Family[] FAMILIES = Family.values();

    private final ProcNetSource source;
    private final ScanSettings settings;
    private final LongSupplier nanoClock;
    private final FirstSeenTracker tracker = new FirstSeenTracker();
    private final ProcNetSource.ReadBuffer tcp = new ProcNetSource.ReadBuffer(64 * 1024);
    private final ProcNetSource.ReadBuffer tcp6 = new ProcNetSource.ReadBuffer(64 * 1024);
    private final long[] listening = new long[PORTS / 64];
    /** Local ports to count, or null for all. */
    private final long[] portFilter;
    private final ProcNetTcp.SocketSink sink = this::onSocket;

    private long[] stash = new long[1024 * STASH_STRIDE];
    private int stashed;

    // Per port and family (index port * 2 + family ordinal); reset after each scan via 'touched'.
    private final int[] established = new int[PORTS * 2];
    private final int[] longLived = new int[PORTS * 2];
    private final long[] oldestFirstSeen = new long[PORTS * 2];
    private final int[] touched = new int[PORTS * 2];
    private int touchedCount;

    private boolean tracking;
    private long trackingStartNanos;
    private int lastSocketLines;

    public EstablishedScanner(ProcNetSource source, ScanSettings settings, LongSupplier nanoClock) {
        this.source = source;
        this.settings = settings;
        this.nanoClock = nanoClock;
        if (settings.ports().isEmpty()) {
            portFilter = null;
        } else {
            portFilter = new long[PORTS / 64];
            for (int p : settings.ports()) {
                set(portFilter, p);
            }
        }
    }

    /**
     * Reads both tables and counts.
     *
     * @throws NamespaceGoneException when the process whose namespace is read has ended
     * @throws IOException when a table cannot be read
     * @throws MalformedProcNetException when a table is not in the kernel's format
     */
    public EstablishedSnapshot scan() throws IOException {
        long now = nanoClock.getAsLong();
        source.read("tcp", tcp);
        source.read("tcp6", tcp6);
        if (!tracking) {
            tracking = true;
            trackingStartNanos = now;
        }
        Arrays.fill(listening, 0L);
        stashed = 0;
        lastSocketLines = ProcNetTcp.parse(tcp.bytes, tcp.length, source.byteOrder(), WANTED, sink)
                + ProcNetTcp.parse(tcp6.bytes, tcp6.length, source.byteOrder(), WANTED, sink);

        tracker.beginScan();
        long[] s = stash;
        for (int k = 0; k < stashed; k++) {
            int base = k * STASH_STRIDE;
            int ports = (int) s[base + 4];
            int localPort = ports >>> 16;
            if (!counted(localPort, s[base], s[base + 1])) {
                continue;
            }
            int slot = tracker.observe(s[base], s[base + 1], localPort, s[base + 2], s[base + 3], ports & 0xFFFF,
                    s[base + 5], now);
            if (slot >= 0) {
                count(localPort * 2 + Family.of(s[base], s[base + 1]).ordinal(), tracker.firstSeenNanos(slot), now);
            }
        }
        tracker.endScan();
        List<PortCount> rows = rows(now);
        long end = nanoClock.getAsLong();
        return new EstablishedSnapshot(rows, end - now, now - trackingStartNanos, settings.minAgeNanos(),
                tracker.size());
    }

    /** When tracking started: the clock's reading at the first scan (undefined before it). */
    public long trackingStartNanos() {
        return trackingStartNanos;
    }

    /** Where this scanner reads. */
    public ProcNetSource source() {
        return source;
    }

    /** Socket lines (all states) in the last scan's two tables. */
    public int lastSocketLines() {
        return lastSocketLines;
    }

    private void onSocket(int state, long localHi, long localLo, int localPort, long remoteHi, long remoteLo,
            int remotePort, long inode) {
        if (state == ProcNetTcp.LISTEN) {
            set(listening, localPort);
            return;
        }
        if (stashed * STASH_STRIDE == stash.length) {
            stash = Arrays.copyOf(stash, stash.length * 2);
        }
        int base = stashed * STASH_STRIDE;
        stash[base] = localHi;
        stash[base + 1] = localLo;
        stash[base + 2] = remoteHi;
        stash[base + 3] = remoteLo;
        stash[base + 4] = ((long) localPort << 16) | remotePort;
        stash[base + 5] = inode;
        stashed++;
    }

    private boolean counted(int localPort, long localHi, long localLo) {
        return isSet(listening, localPort)
                && localPort != settings.excludedPort()
                && (portFilter == null || isSet(portFilter, localPort))
                && (settings.includeIpv6() || ProcNetTcp.isIpv4(localHi, localLo));
    }

    private void count(int index, long firstSeenNanos, long now) {
        if (established[index] == 0) {
            touched[touchedCount++] = index;
            oldestFirstSeen[index] = firstSeenNanos;
        } else if (firstSeenNanos - oldestFirstSeen[index] < 0) {
            oldestFirstSeen[index] = firstSeenNanos;
        }
        established[index]++;
        if (now - firstSeenNanos >= settings.minAgeNanos()) {
            longLived[index]++;
        }
    }

    /** The rows, sorted by port then family; resets the per-port counts for the next scan. */
    private List<PortCount> rows(long now) {
        Arrays.sort(touched, 0, touchedCount);
        List<PortCount> rows = new ArrayList<>(touchedCount);
        for (int k = 0; k < touchedCount; k++) {
            int index = touched[k];
            rows.add(new PortCount(index >>> 1, FAMILIES[index & 1], established[index], longLived[index],
                    now - oldestFirstSeen[index]));
            established[index] = 0;
            longLived[index] = 0;
        }
        touchedCount = 0;
        return rows;
    }

    private static void set(long[] bits, int port) {
        bits[port >>> 6] |= 1L << port;
    }

    private static boolean isSet(long[] bits, int port) {
        return (bits[port >>> 6] & (1L << port)) != 0;
    }
}
