package dev.tcpswarm.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;

/**
 * Local ports chosen by the dialer instead of the kernel, for one event loop: used when more
 * connections than half the ephemeral range come from one source address. Past half the range the
 * kernel's search for a free port tries port after port already used towards the target, checking
 * each one's four-tuple, for every connect (a third of a bare loop's CPU at 15,000 connections);
 * a socket bound to a port chosen here is checked once. Each loop starts at its own share of the
 * range and walks on from there; a port in use (by this run, or by anything else on the machine)
 * fails to bind with EADDRINUSE and the connect is made again from the next port, so nothing
 * collides. Ports the administrator reserved (net.ipv4.ip_local_reserved_ports), which the kernel
 * never hands out, are passed over. Once a whole range's worth of ports in a row could not be used,
 * the range is full: the picker gives up, and the kernel's own search says so (local ports
 * exhausted), as without it.
 *
 * <p>The price: a port bound this way is reserved whatever the destination, so while the run holds
 * it no other program can have it, not even towards another host.
 *
 * <p>Threads: its loop only.
 */
final class PortPicker {
    private final InetAddress local;
    private final int low;
    private final int span;
    private final BitSet reserved;
    private final boolean allReserved;
    private int offset;
    private int failedInARow;

    /**
     * @param local the address to bind with each port (the wildcard of the target's family)
     * @param range {low, high} of the ephemeral port range
     * @param reserved the ports never to pick (net.ipv4.ip_local_reserved_ports)
     */
    PortPicker(InetAddress local, int[] range, BitSet reserved, int loop, int loops) {
        this.local = local;
        this.low = range[0];
        this.span = range[1] - range[0] + 1;
        this.reserved = reserved;
        this.allReserved = reserved.nextClearBit(low) > range[1];
        this.offset = (int) ((long) loop * span / loops);
    }

    /** The local address for the next connect, or null when the range is full (the kernel then picks). */
    InetSocketAddress next() {
        if (failedInARow >= span || allReserved) {
            return null;
        }
        int port;
        do {
            port = low + offset;
            offset = offset + 1 == span ? 0 : offset + 1;
        } while (reserved.get(port));
        return new InetSocketAddress(local, port);
    }

    /** The port given last could not be used (in use, or its four-tuple taken). */
    void failed() {
        failedInARow++;
    }

    /** A connect from a port given here went through: the range is not full. */
    void succeeded() {
        failedInARow = 0;
    }
}
