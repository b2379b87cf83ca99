package dev.tcpswarm.plan;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code --source}: a comma list of addresses, ranges ({@code 127.0.0.1-127.0.0.9}) and CIDR
 * blocks ({@code 127.0.0.0/29}), all literals, never names. Connections are spread over the result
 * round-robin, so each source address gets its own ephemeral port range.
 */
public final class SourceAddresses {
    /** A list longer than this is almost certainly a mistyped prefix length. */
    public static final int MAX_ADDRESSES = 65_536;

    /** A source address this host cannot send from, and the system's reason. */
    public record NotOnThisHost(String address, String reason) {
    }

    private SourceAddresses() {
    }

    public static List<InetAddress> parse(String list) {
        List<InetAddress> out = new ArrayList<>();
        for (String raw : list.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            int slash = item.indexOf('/');
            int dash = item.indexOf('-');
            if (slash >= 0) {
                InetAddress base = literal(item.substring(0, slash));
                int bits = base.getAddress().length * 8;
                int prefix = prefix(item, item.substring(slash + 1), bits);
                BigInteger first = number(base).shiftRight(bits - prefix).shiftLeft(bits - prefix);
                BigInteger last = first.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
                addRange(out, first, last, base.getAddress().length, item);
            } else if (dash >= 0) {
                InetAddress a = literal(item.substring(0, dash));
                InetAddress b = literal(item.substring(dash + 1));
                if (a.getAddress().length != b.getAddress().length) {
                    throw new IllegalArgumentException("source range '" + item + "' mixes IPv4 and IPv6");
                }
                if (number(a).compareTo(number(b)) > 0) {
                    throw new IllegalArgumentException("source range '" + item + "' ends before it starts");
                }
                addRange(out, number(a), number(b), a.getAddress().length, item);
            } else {
                out.add(literal(item));
            }
            if (out.size() > MAX_ADDRESSES) {
                throw new IllegalArgumentException("--source lists more than " + MAX_ADDRESSES + " addresses");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--source is empty: give addresses, ranges or CIDR blocks");
        }
        return out;
    }

    /**
     * The first of {@code sources} that this host cannot send from, with the system's reason (a bind
     * fails: "Cannot assign requested address"); null when every one can. Asks the kernel by binding
     * a TCP socket to each, as a connect from it would, and closing it (no packet is sent), so addresses made local by a route (AnyIP, {@code ip
     * route add local 10.0.0.0/24 dev lo}) count, as a connect sees them; 127.0.0.0/8 is taken as local.
     */
    public static NotOnThisHost firstNotOnThisHost(List<InetAddress> sources) {
        for (InetAddress source : sources) {
            if (source instanceof Inet4Address && source.isLoopbackAddress()) {
                // Linux makes all of 127.0.0.0/8 local; the JDK refuses to bind 127.x.y.255 itself, which
                // the epoll transport's bind does not
                continue;
            }
            StandardProtocolFamily family = source instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET;
            try (SocketChannel probe = SocketChannel.open(family)) {
                probe.bind(new InetSocketAddress(source, 0));
            } catch (IOException e) {
                return new NotOnThisHost(NetUtil.toAddressString(source), String.valueOf(e.getMessage()));
            }
        }
        return null;
    }

    private static int prefix(String item, String text, int bits) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= bits) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad prefix length in source '" + item + "': use 0-" + bits);
    }

    private static void addRange(List<InetAddress> out, BigInteger first, BigInteger last, int bytes, String item) {
        if (last.subtract(first).compareTo(BigInteger.valueOf(MAX_ADDRESSES)) >= 0) {
            throw new IllegalArgumentException("source '" + item + "' spans more than " + MAX_ADDRESSES + " addresses");
        }
        for (BigInteger n = first; n.compareTo(last) <= 0; n = n.add(BigInteger.ONE)) {
            out.add(fromNumber(n, bytes));
        }
    }

    private static InetAddress literal(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!t.matches("[0-9a-fA-F:.]+") || (t.indexOf(':') < 0 && !t.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address (source addresses must be literals)");
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    private static BigInteger number(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    private static InetAddress fromNumber(BigInteger n, int bytes) {
        byte[] raw = n.toByteArray();
        byte[] addr = new byte[bytes];
        int copy = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - copy, addr, bytes - copy, copy);
        try {
            return InetAddress.getByAddress(addr);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
