package dev.tcpswarm.established;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tracker's table against a plain HashMap over many scans in which connections come and go at
 * random: every first-seen time and the size must agree. Few distinct addresses and ports, so
 * that hashes collide and runs of entries form, wrap around the end of the table and are cut by
 * evictions (the delicate part of open addressing).
 */
class FirstSeenTrackerTest {
    private record Key(long localLo, int localPort, long remoteLo, int remotePort) {
    }

    @Test
    void agreesWithAHashMapOverRandomScans() {
        Random random = new Random(20261122);
        FirstSeenTracker tracker = new FirstSeenTracker();
        Map<Key, long[]> model = new HashMap<>(); // key -> {inode, firstSeen}
        List<Key> open = new ArrayList<>();
        for (int scan = 1; scan <= 400; scan++) {
            long now = scan * 1_000L;
            // close some, open some (up to about 3,000 at once, so the table grows and shrinks around)
            int closing = random.nextInt(Math.max(1, open.size() / 5 + 1));
            for (int i = 0; i < closing && !open.isEmpty(); i++) {
                open.remove(random.nextInt(open.size()));
            }
            int opening = random.nextInt(scan < 200 ? 400 : 20);
            for (int i = 0; i < opening; i++) {
                Key k = new Key(0xFFFF_0A00_0000L | random.nextInt(4), 80 + random.nextInt(3),
                        0xFFFF_0A01_0000L | random.nextInt(50), 1024 + random.nextInt(40));
                if (!open.contains(k)) {
                    open.add(k);
                }
            }
            tracker.beginScan();
            Map<Key, long[]> next = new HashMap<>();
            for (Key k : open) {
                long inode = k.hashCode() & 0xFFFF;
                long[] known = model.get(k);
                long firstSeen = known == null ? now : known[1];
                next.put(k, new long[] {inode, firstSeen});
                int slot = tracker.observe(0, k.localLo(), k.localPort(), 0, k.remoteLo(), k.remotePort(), inode, now);
                assertEquals(firstSeen, tracker.firstSeenNanos(slot), "scan " + scan + " " + k);
            }
            tracker.endScan();
            model = next;
            assertEquals(model.size(), tracker.size(), "scan " + scan);
        }
    }
}
