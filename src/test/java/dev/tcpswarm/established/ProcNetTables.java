package dev.tcpswarm.established;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tcp and tcp6 tables the way the kernel prints them ({@code get_tcp4_sock} and
 * {@code get_tcp6_sock}: the same fields, widths and header), for either byte order, so tests and
 * the benchmark can build the scenes they need. Each {@link #add} is one socket line.
 */
final class ProcNetTables {
    static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode                                                     ";
    static final String TCP6_HEADER = "  sl  local_address                         remote_address                        st"
            + " tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    private final ByteOrder order;
    private final StringBuilder tcp = new StringBuilder(TCP_HEADER).append('\n');
    private final StringBuilder tcp6 = new StringBuilder(TCP6_HEADER).append('\n');
    private int tcpLines;
    private int tcp6Lines;

    ProcNetTables(ByteOrder order) {
        this.order = order;
    }

    /**
     * One socket: addresses as literals ({@code 127.0.0.1}, {@code ::1}, {@code ::ffff:127.0.0.1});
     * an IPv4 literal goes to tcp, any other to tcp6.
     */
    ProcNetTables add(int state, String local, int localPort, String remote, int remotePort, long inode) {
        byte[] l = bytes(local);
        byte[] r = bytes(remote);
        boolean v4 = l.length == 4;
        StringBuilder table = v4 ? tcp : tcp6;
        String slot = Integer.toString(v4 ? tcpLines++ : tcp6Lines++);
        table.append("    ", 0, Math.max(0, 4 - slot.length())).append(slot).append(": ");
        words(table, l).append(':');
        hex(table, localPort, 4).append(' ');
        words(table, r).append(':');
        hex(table, remotePort, 4).append(' ');
        hex(table, state, 2).append(" 00000000:00000000 00:00000000 00000000     0        0 ").append(inode)
                .append(" 1 0000000000000000 20 0 0 10 -1").append(v4 ? "                   \n" : "\n");
        return this;
    }

    ProcNetTables listen(String local, int port) {
        return add(ProcNetTcp.LISTEN, local, port, local.contains(":") ? "::" : "0.0.0.0", 0, 1000 + port);
    }

    byte[] tcpBytes() {
        return tcp.toString().getBytes(StandardCharsets.US_ASCII);
    }

    byte[] tcp6Bytes() {
        return tcp6.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code tcp} and {@code tcp6} into {@code dir} (replacing what was there), as a scan reads them. */
    void writeTo(Path dir) throws IOException {
        Files.write(dir.resolve("tcp"), tcpBytes());
        Files.write(dir.resolve("tcp6"), tcp6Bytes());
    }

    /** Each 32-bit word of the address (network order) printed as a native integer of this machine's order. */
    private StringBuilder words(StringBuilder out, byte[] address) {
        for (int w = 0; w < address.length; w += 4) {
            int networkOrder = ((address[w] & 0xFF) << 24) | ((address[w + 1] & 0xFF) << 16)
                    | ((address[w + 2] & 0xFF) << 8) | (address[w + 3] & 0xFF);
            hex(out, order == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(networkOrder) : networkOrder, 8);
        }
        return out;
    }

    /** {@code value} as {@code digits} upper-case hex digits, as the kernel's %0NX. */
    private static StringBuilder hex(StringBuilder out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(Character.toUpperCase(Character.forDigit((value >>> shift) & 0xF, 16)));
        }
        return out;
    }

    /** The literal's bytes; an IPv4-mapped literal stays 16 bytes (Java would turn it into 4). */
    private static byte[] bytes(String literal) {
        try {
            if (literal.startsWith("::ffff:")) {
                byte[] v4 = InetAddress.getByName(literal.substring(7)).getAddress();
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(v4, 0, mapped, 12, 4);
                return mapped;
            }
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
