package dev.tcpswarm.established;

import java.nio.ByteOrder;

/**
 * Reads the kernel's {@code /proc/net/tcp} and {@code /proc/net/tcp6} tables straight from their
 * bytes: pure (no I/O, no clock), and without allocating per line, so one scan of a host with
 * 100,000 sockets costs a few milliseconds and no garbage. Called by the one thread that scans.
 *
 * <p>The format, per line after the header: {@code sl local rem st tx:rx tr:when retrnsmt uid
 * timeout inode ...}. An IPv4 address is one 32-bit word printed as a native integer (8 hex
 * digits); an IPv6 address is four such words, in order (32 hex digits). So on a little-endian
 * machine {@code 0100007F} is 127.0.0.1, on a big-endian one {@code 7F000001}. Ports are hex in
 * host order; the state is hex ({@code 01} ESTABLISHED, {@code 0A} LISTEN).
 *
 * <p>Every address reaches the {@link SocketSink} as 128 bits in network order ({@code hi},
 * {@code lo}); IPv4 addresses as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), the form in which a
 * dual-stack listener's IPv4 clients already appear in tcp6. So one representation covers both
 * files, and {@link #isIpv4(long, long)} tells the family.
 */
public final class ProcNetTcp {
    /** {@code st} of an established connection. */
    public static final int ESTABLISHED = 0x01;
    /** {@code st} of a listening socket. */
    public static final int LISTEN = 0x0A;

    /** The upper half of {@code ::ffff:0:0/96} in the low 64 bits. */
    private static final long IPV4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;
    private static final byte[] HEX = new byte[256];
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A_0A0A_0A0A_0A0AL;
    /** Characters from just after the state to just after retrnsmt: " %08X:%08X %02X:%08lX %08X". */
    private static final int FIXED_FIELDS = 39;

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX['A' + i] = (byte) (10 + i);
            HEX['a' + i] = (byte) (10 + i);
        }
    }

    private ProcNetTcp() {
    }

    /** Receives each socket line whose state was asked for. Addresses are network order, 128 bits. */
    @FunctionalInterface
    public interface SocketSink {
        void socket(int state, long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort,
                long inode);
    }

    /** The mask for {@link #parse}'s {@code wantedStates}: one bit per state. */
    public static int stateMask(int... states) {
        int mask = 0;
        for (int s : states) {
            mask |= 1 << s;
        }
        return mask;
    }

    /** True for {@code ::ffff:a.b.c.d}: an IPv4 address (from tcp, or an IPv4 client of a dual-stack listener). */
    public static boolean isIpv4(long hi, long lo) {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == IPV4_MAPPED_PREFIX;
    }

    /**
     * Parses {@code length} bytes of a tcp or tcp6 table (header line first) and hands each socket
     * whose state is in {@code wantedStates} to {@code sink}; other lines are skipped without
     * decoding their addresses.
     *
     * @param order the byte order of the machine that wrote the table ({@link ByteOrder#nativeOrder()}
     *     for this one's)
     * @return the number of socket lines (all states)
     * @throws MalformedProcNetException when a line is not in the kernel's format
     */
    public static int parse(byte[] data, int length, ByteOrder order, int wantedStates, SocketSink sink) {
        boolean littleEndian = order == ByteOrder.LITTLE_ENDIAN;
        int pos = endOfLine(data, 0, length); // the header
        int lineNumber = 1;
        int sockets = 0;
        while (pos < length) {
            lineNumber++;
            int p = skipSpaces(data, pos, length);
            if (p >= length) {
                break;
            }
            if (data[p] == '\n') {
                pos = p + 1;
                continue;
            }
            // sl: digits and a colon
            while (p < length && data[p] != ':') {
                if (data[p] < '0' || data[p] > '9') {
                    throw malformed(lineNumber, "the slot number");
                }
                p++;
            }
            p = skipSpaces(data, p + 1, length);
            int localStart = p;
            int localDigits = hexRun(data, p, length);
            int remoteStart = localStart + localDigits + 6; // address, ':', 4 port digits, ' '
            if ((localDigits != 8 && localDigits != 32) || remoteStart + localDigits + 8 > length
                    || data[localStart + localDigits] != ':' || data[remoteStart - 1] != ' '
                    || data[remoteStart + localDigits] != ':' || data[remoteStart + localDigits + 5] != ' ') {
                throw malformed(lineNumber, "the addresses");
            }
            int statePos = remoteStart + localDigits + 6;
            int state = hex(data, statePos, 2, lineNumber);
            sockets++;
            p = statePos + 2;
            if ((wantedStates & (1 << (state & 31))) == 0 || state > 31) {
                pos = endOfLine(data, p, length);
                continue;
            }
            int localPort = hex(data, localStart + localDigits + 1, 4, lineNumber);
            int remotePort = hex(data, remoteStart + localDigits + 1, 4, lineNumber);
            // tx:rx, tr:when and retrnsmt have fixed widths (" %08X:%08X %02X:%08lX %08X"): jump over
            // them when the separators are where that puts them; then uid and timeout, then the inode.
            if (p + FIXED_FIELDS < length && data[p] == ' ' && data[p + 9] == ':' && data[p + 18] == ' '
                    && data[p + 21] == ':' && data[p + 30] == ' ' && data[p + FIXED_FIELDS] == ' ') {
                p += FIXED_FIELDS;
            } else {
                for (int field = 0; field < 3; field++) {
                    p = skipSpaces(data, p, length);
                    p = skipToken(data, p, length);
                }
            }
            for (int field = 0; field < 2; field++) {
                p = skipSpaces(data, p, length);
                p = skipToken(data, p, length);
            }
            p = skipSpaces(data, p, length);
            long inode = 0;
            int inodeStart = p;
            while (p < length && data[p] >= '0' && data[p] <= '9') {
                inode = inode * 10 + (data[p] - '0');
                p++;
            }
            if (p == inodeStart) {
                throw malformed(lineNumber, "the inode");
            }
            if (localDigits == 8) {
                long local = IPV4_MAPPED_PREFIX | (word(data, localStart, littleEndian, lineNumber) & 0xFFFF_FFFFL);
                long remote = IPV4_MAPPED_PREFIX | (word(data, remoteStart, littleEndian, lineNumber) & 0xFFFF_FFFFL);
                sink.socket(state, 0, local, localPort, 0, remote, remotePort, inode);
            } else {
                sink.socket(state, half(data, localStart, littleEndian, lineNumber),
                        half(data, localStart + 16, littleEndian, lineNumber), localPort,
                        half(data, remoteStart, littleEndian, lineNumber),
                        half(data, remoteStart + 16, littleEndian, lineNumber), remotePort, inode);
            }
            pos = endOfLine(data, p, length);
        }
        return sockets;
    }

    /** Two words (16 hex digits) as 64 bits in network order. */
    private static long half(byte[] data, int at, boolean littleEndian, int lineNumber) {
        return ((long) word(data, at, littleEndian, lineNumber) << 32)
                | (word(data, at + 8, littleEndian, lineNumber) & 0xFFFF_FFFFL);
    }

    /** One 32-bit word as printed (8 hex digits, a native integer), turned into network order. */
    private static int word(byte[] data, int at, boolean littleEndian, int lineNumber) {
        int printed = hex(data, at, 8, lineNumber);
        return littleEndian ? Integer.reverseBytes(printed) : printed;
    }

    private static int hex(byte[] data, int at, int digits, int lineNumber) {
        int value = 0;
        for (int i = at; i < at + digits; i++) {
            int d = HEX[data[i] & 0xFF];
            if (d < 0) {
                throw malformed(lineNumber, "a hex field");
            }
            value = (value << 4) | d;
        }
        return value;
    }

    private static int hexRun(byte[] data, int p, int length) {
        int start = p;
        while (p < length && HEX[data[p] & 0xFF] >= 0) {
            p++;
        }
        return p - start;
    }

    private static int skipSpaces(byte[] data, int p, int length) {
        while (p < length && data[p] == ' ') {
            p++;
        }
        return p;
    }

    private static int skipToken(byte[] data, int p, int length) {
        while (p < length && data[p] != ' ' && data[p] != '\n') {
            p++;
        }
        return p;
    }

    /** The position after the next newline (or the end); eight bytes at a time where it can. */
    private static int endOfLine(byte[] data, int p, int length) {
        while (p + 8 <= length) {
            long word = (long) LONGS.get(data, p) ^ NEWLINES;
            long found = (word - 0x0101_0101_0101_0101L) & ~word & 0x8080_8080_8080_8080L;
            if (found != 0) {
                return p + (Long.numberOfTrailingZeros(found) >>> 3) + 1;
            }
            p += 8;
        }
        while (p < length && data[p] != '\n') {
            p++;
        }
        return p < length ? p + 1 : length;
    }

    private static MalformedProcNetException malformed(int lineNumber, String what) {
        return new MalformedProcNetException("line " + lineNumber + ": cannot read " + what
                + " (not the kernel's tcp table format)");
    }
}
