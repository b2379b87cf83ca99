package dev.tcpswarm.established;

/**
 * When each connection was first seen, on a monotonic clock: nothing in {@code /proc} records when a
 * connection started, so its age is the time since a scan first listed it. Keyed by the four-tuple
 * and the socket's inode; entries that a scan did not list are evicted at the end of that scan.
 *
 * <p>A connection still in the listener's accept queue has inode 0 and gets its inode when the
 * server accepts it: that is the same connection, so it keeps its first-seen time. A four-tuple
 * seen again with a different non-zero inode is a new connection (the old one closed and the
 * ports were reused between two scans), so its age starts again.
 *
 * <p>An open-addressing table in one {@code long[]} (8 longs per entry, linear probing, at most
 * half full): looking up a connection already tracked allocates nothing; the array grows only
 * when the tracked set does. Not thread-safe: used by the one thread that scans.
 */
final class FirstSeenTracker {
    private static final int STRIDE = 8;
    private static final int LOCAL_HI = 0;
    private static final int LOCAL_LO = 1;
    private static final int REMOTE_HI = 2;
    private static final int REMOTE_LO = 3;
    /** Bit 32: occupied; bits 16-31 the local port, 0-15 the remote port. */
    private static final int PORTS = 4;
    private static final int INODE = 5;
    private static final int FIRST_SEEN = 6;
    private static final int LAST_SCAN = 7;
    private static final long OCCUPIED = 1L << 32;
    private static final int MIN_CAPACITY = 1024;

    private long[] slots = new long[MIN_CAPACITY * STRIDE];
    private int mask = MIN_CAPACITY - 1;
    private int size;
    private long scan;
    /** Entries at the start of this scan, and how many of them it has listed so far. */
    private int sizeAtScanStart;
    private int listedAgain;

    /** Starts a scan: every connection not {@link #observe observed} until {@link #endScan()} is evicted then. */
    void beginScan() {
        scan++;
        sizeAtScanStart = size;
        listedAgain = 0;
    }

    /**
     * Records that the current scan lists this connection, and returns its slot (for
     * {@link #firstSeenNanos(int)}), or -1 when this scan listed it already (the kernel's table
     * is not an atomic snapshot: a line can be repeated across two reads).
     */
    int observe(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort, long inode,
            long nowNanos) {
        if (size + 1 > (mask + 1) / 2) {
            grow();
        }
        long ports = OCCUPIED | ((long) localPort << 16) | remotePort;
        int i = (int) hash(localHi, localLo, remoteHi, remoteLo, ports) & mask;
        while (true) {
            int base = i * STRIDE;
            long[] s = slots;
            if (s[base + PORTS] == 0) {
                s[base + LOCAL_HI] = localHi;
                s[base + LOCAL_LO] = localLo;
                s[base + REMOTE_HI] = remoteHi;
                s[base + REMOTE_LO] = remoteLo;
                s[base + PORTS] = ports;
                s[base + INODE] = inode;
                s[base + FIRST_SEEN] = nowNanos;
                s[base + LAST_SCAN] = scan;
                size++;
                return base;
            }
            if (s[base + PORTS] == ports && s[base + LOCAL_LO] == localLo && s[base + REMOTE_LO] == remoteLo
                    && s[base + LOCAL_HI] == localHi && s[base + REMOTE_HI] == remoteHi) {
                if (s[base + LAST_SCAN] == scan) {
                    return -1;
                }
                long known = s[base + INODE];
                if (known != inode) {
                    if (known != 0) {
                        s[base + FIRST_SEEN] = nowNanos; // the ports were reused by a new connection
                    }
                    s[base + INODE] = inode;
                }
                s[base + LAST_SCAN] = scan;
                listedAgain++;
                return base;
            }
            i = (i + 1) & mask;
        }
    }

    long firstSeenNanos(int slot) {
        return slots[slot + FIRST_SEEN];
    }

    /** Ends a scan: evicts every connection it did not list. */
    void endScan() {
        if (listedAgain == sizeAtScanStart) {
            return; // every connection tracked before is still there: nothing to evict
        }
        int capacity = mask + 1;
        // Start just after an empty slot, so that no run of entries wraps around the start.
        int start = 0;
        while (slots[start * STRIDE + PORTS] != 0) {
            start++;
        }
        for (int k = 1; k <= capacity; k++) {
            int i = (start + k) & mask;
            while (slots[i * STRIDE + PORTS] != 0 && slots[i * STRIDE + LAST_SCAN] != scan) {
                delete(i); // moves a later entry of the run into i: look at i again
            }
        }
    }

    /** How many connections are tracked. */
    int size() {
        return size;
    }

    /** Removes slot {@code hole}, moving later entries of its run back so that every lookup still finds them. */
    private void delete(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            int base = j * STRIDE;
            if (slots[base + PORTS] == 0) {
                break;
            }
            int home = (int) hash(slots[base + LOCAL_HI], slots[base + LOCAL_LO], slots[base + REMOTE_HI],
                    slots[base + REMOTE_LO], slots[base + PORTS]) & mask;
            // The entry at j may move to the hole unless its home lies cyclically in (hole, j].
            boolean staysPut = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!staysPut) {
                System.arraycopy(slots, base, slots, hole * STRIDE, STRIDE);
                hole = j;
            }
        }
        java.util.Arrays.fill(slots, hole * STRIDE, hole * STRIDE + STRIDE, 0L);
        size--;
    }

    private void grow() {
        long[] old = slots;
        int oldCapacity = mask + 1;
        slots = new long[oldCapacity * 2 * STRIDE];
        mask = oldCapacity * 2 - 1;
        for (int k = 0; k < oldCapacity; k++) {
            int from = k * STRIDE;
            if (old[from + PORTS] == 0) {
                continue;
            }
            int i = (int) hash(old[from + LOCAL_HI], old[from + LOCAL_LO], old[from + REMOTE_HI], old[from + REMOTE_LO],
                    old[from + PORTS]) & mask;
            while (slots[i * STRIDE + PORTS] != 0) {
                i = (i + 1) & mask;
            }
            System.arraycopy(old, from, slots, i * STRIDE, STRIDE);
        }
    }

    private static long hash(long localHi, long localLo, long remoteHi, long remoteLo, long ports) {
        long h = ports * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ localLo) * 0xC2B2_AE3D_27D4_EB4FL;
        h = (h ^ remoteLo) * 0x1656_67B1_9E37_79F9L;
        h = (h ^ localHi ^ Long.rotateLeft(remoteHi, 29)) * 0x9E37_79B9_7F4A_7C15L;
        return h ^ (h >>> 29) ^ (h >>> 47);
    }
}
