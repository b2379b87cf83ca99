package dev.tcpswarm.engine;

import java.util.Arrays;

/**
 * One event loop's slots that have started ({@code first}, {@code first + stride}, ...), each with
 * its latest {@link Connection}, in slot order. It grows as slots start, so memory follows the
 * connections made, not the plan's count: {@code -c 2000000000} with a deadline of two seconds holds
 * what those two seconds started. Written on its loop only; {@link #dialing()} may be read from
 * another thread, which then sees a recent state (an array and a count read once each, never torn).
 */
final class StartedSlots {
    private final int first;
    private final int stride;
    private volatile Connection[] connections = new Connection[16];
    private volatile int count;

    StartedSlots(int first, int stride) {
        this.first = first;
        this.stride = stride;
    }

    /** Records {@code c} as its slot's connection: a first attempt (the next slot) or a reopen. On the loop. */
    void put(Connection c) {
        int index = (c.slot - first) / stride;
        Connection[] all = connections;
        if (index == count) {
            if (index == all.length) {
                all = Arrays.copyOf(all, (int) Math.min(all.length * 2L, Integer.MAX_VALUE - 8));
                connections = all;
            }
            all[index] = c;
            count = index + 1;
        } else {
            all[index] = c; // a reopen: the slot started before
        }
    }

    /** How many slots have started. */
    int count() {
        return count;
    }

    /** The connection of the {@code i}-th started slot, {@code 0 <= i < count()}. */
    Connection at(int i) {
        return connections[i];
    }

    /** How many of these slots have a connection dialing now. */
    int dialing() {
        Connection[] all = connections;
        int n = Math.min(count, all.length);
        int dialing = 0;
        for (int i = 0; i < n; i++) {
            Connection c = all[i];
            if (c != null && c.isDialing()) {
                dialing++;
            }
        }
        return dialing;
    }
}
