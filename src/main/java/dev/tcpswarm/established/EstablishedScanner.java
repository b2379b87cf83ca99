package dev.tcpswarm.established;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One scan of a network namespace's connections: reads its tcp and tcp6 tables, keeps the inbound
 * established ones (a connection is inbound when a LISTENing socket, in either table, takes its
 * local address and port: one bound to that address, or a wildcard one; so a client's connections,
 * from ephemeral ports or from a listener's port number at another address, never count), applies the
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
    /** 0.0.0.0 as the tables give it here: {@code ::ffff:0.0.0.0}. */
    private static final long IPV4_WILDCARD = 0x0000_FFFF_0000_0000L;

    private final ProcNetSource source;
    private final ScanSettings settings;
    private final LongSupplier nanoClock;
    private final FirstSeenTracker tracker = new FirstSeenTracker();
    private final ProcNetSource.ReadBuffer tcp = new ProcNetSource.ReadBuffer(64 * 1024);
    private final ProcNetSource.ReadBuffer tcp6 = new ProcNetSource.ReadBuffer(64 * 1024);
    private final long[] listening = new long[PORTS / 64];
    /** The listeners' addresses and ports (hi, lo, port per listener), for the match of each connection. */
    private long[] listeners = new long[64 * 3];
    private int listenerCount;
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
    /** The earliest time a connection still younger than --min-age comes of age; Long.MAX_VALUE for none. */
    private long nextComingOfAge = Long.MAX_VALUE;
    private boolean anyYoung;
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
        listenerCount = 0;
        stashed = 0;
        lastSocketLines = ProcNetTcp.parse(tcp.bytes, tcp.length, source.byteOrder(), WANTED, sink)
                + ProcNetTcp.parse(tcp6.bytes, tcp6.length, source.byteOrder(), WANTED, sink);

        tracker.beginScan();
        anyYoung = false;
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

    /**
     * The clock's reading at which the youngest-but-soonest connection of the last scan is exactly
     * --min-age old, so that a scan can be scheduled then instead of up to an interval later; empty
     * when every connection of the last scan was long-lived already.
     */
    public java.util.OptionalLong nextComingOfAgeNanos() {
        return anyYoung ? java.util.OptionalLong.of(nextComingOfAge) : java.util.OptionalLong.empty();
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
            if (listenerCount * 3 == listeners.length) {
                listeners = Arrays.copyOf(listeners, listeners.length * 2);
            }
            listeners[listenerCount * 3] = localHi;
            listeners[listenerCount * 3 + 1] = localLo;
            listeners[listenerCount * 3 + 2] = localPort;
            listenerCount++;
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
                && accepted(localPort, localHi, localLo)
                && localPort != settings.excludedPort()
                && (portFilter == null || isSet(portFilter, localPort))
                && (settings.includeIpv6() || ProcNetTcp.isIpv4(localHi, localLo));
    }

    /**
     * Whether a listener on {@code localPort} takes connections to this local address: one bound to
     * it, to 0.0.0.0 (every IPv4 address), or to :: (every address, IPv4 too on a dual-stack socket).
     * A connection of this host's out from the same port number at another address is not inbound.
     */
    private boolean accepted(int localPort, long localHi, long localLo) {
        long[] l = listeners;
        boolean ipv4 = ProcNetTcp.isIpv4(localHi, localLo);
        for (int k = 0; k < listenerCount; k++) {
            int base = k * 3;
            if (l[base + 2] != localPort) {
                continue;
            }
            long hi = l[base];
            long lo = l[base + 1];
            if ((hi == localHi && lo == localLo) || (hi == 0 && lo == 0)
                    || (ipv4 && hi == 0 && lo == IPV4_WILDCARD)) {
                return true;
            }
        }
        return false;
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
        } else {
            long comesOfAge = firstSeenNanos + settings.minAgeNanos();
            if (!anyYoung || comesOfAge - nextComingOfAge < 0) {
                nextComingOfAge = comesOfAge;
                anyYoung = true;
            }
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
