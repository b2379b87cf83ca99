package dev.tcpswarm.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A plan split over shards: the shares add up exactly and differ by at most one, the shards'
 * planned starts together are the whole plan's schedule (so N shards at --rate R start R per
 * second together), and each shard gets a contiguous block of the source addresses.
 */
class ShardTest {
    private static LoadPlan whole(int connections, long intervalNanos, List<InetAddress> sources) {
        return new LoadPlan(new Target("127.0.0.1", 9, new InetSocketAddress("127.0.0.1", 9)), connections,
                intervalNanos, 5000, 0, false, 0, CloseMode.RST, sources, 2);
    }

    @Test
    void sharesAreExactAndDifferByAtMostOne() {
        for (int connections : new int[] {1, 2, 3, 7, 100, 6000, 1_000_000}) {
            for (int count = 1; count <= Math.min(connections, 60); count++) {
                long sum = 0;
                long least = Long.MAX_VALUE;
                long most = 0;
                for (int i = 0; i < count; i++) {
                    long share = whole(connections, 0, List.of()).slice(i, count).connections();
                    sum += share;
                    least = Math.min(least, share);
                    most = Math.max(most, share);
                }
                assertEquals(connections, sum, connections + " over " + count);
                assertTrue(most - least <= 1, connections + " over " + count + ": " + least + ".." + most);
            }
        }
    }

    @Test
    void theShardsPlannedStartsTogetherAreTheWholePlansSchedule() {
        long interval = 333_333; // --rate 3000
        LoadPlan plan = whole(7001, interval, List.of());
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LoadPlan shard = plan.slice(i, 3);
            assertEquals(3 * interval, shard.startIntervalNanos(), "each shard at a third of the rate");
            for (int k = 0; k < shard.connections(); k++) {
                all.add(shard.plannedStartNanos(k));
            }
        }
        all.sort(null);
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < 7001; k++) {
            expected.add(plan.plannedStartNanos(k));
        }
        assertEquals(expected, all, "every planned start of the whole plan, once");
        assertEquals(7000L * interval, plan.rampNanos());
        assertEquals(plan.rampNanos(), plan.slice(1, 3).rampNanos(), "shard 1 has the plan's last start (7000 = 1 + 3 * 2333)");
    }

    @Test
    void eachShardGetsABlockOfTheSourceAddresses() throws Exception {
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            sources.add(InetAddress.getByName("198.18.0." + i));
        }
        LoadPlan plan = whole(100, 0, sources);
        List<String> blocks = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            List<InetAddress> block = plan.slice(i, 3).sources();
            blocks.add(block.stream().map(InetAddress::getHostAddress).toList().toString());
            block.forEach(a -> assertTrue(seen.add(a.getHostAddress()), "given once: " + a));
        }
        assertEquals(List.of("[198.18.0.1, 198.18.0.2, 198.18.0.3]", "[198.18.0.4, 198.18.0.5, 198.18.0.6]",
                "[198.18.0.7, 198.18.0.8]"), blocks);
        assertEquals(8, plan.slice(0, 3).shard().planSources().size(), "the whole list is kept for the result");
    }

    @Test
    void anIndexOutsideTheCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Shard(3, 3, 10, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Shard(-1, 3, 10, 0, List.of()));
    }
}
