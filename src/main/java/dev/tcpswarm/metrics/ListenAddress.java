package dev.tcpswarm.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A {@code HOST:PORT}, {@code [IPV6]:PORT} or bare {@code PORT} to listen on, as given on a command
 * line or in a config file. A bare port means loopback: nothing tcpswarm serves is reachable from
 * other machines unless the user names an address.
 */
public final class ListenAddress {
    private ListenAddress() {
    }

    /**
     * Parses {@code text}; the host, when given, must be an address or a name that resolves.
     *
     * @throws IllegalArgumentException with a message fit for one line on stderr
     */
    public static InetSocketAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("bad listen address '" + text + "': write [IPV6]:PORT, e.g. [::1]:9469");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            throw new IllegalArgumentException("bad listen address '" + text
                    + "': put an IPv6 address in brackets, e.g. [::1]:9469");
        } else if (t.contains(":")) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            host = "";
            port = t;
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("bad listen address '" + text + "': the port must be 0-65535 (0 = any free port)");
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad listen address '" + text + "': " + host + " does not resolve");
        }
    }

    /** {@code host:port}, or {@code [v6]:port}, for messages. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
