package dev.tcpswarm.plan;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/**
 * Where the connections go: the host as the user wrote it, the port, and the address it resolved to
 * once, before the run.
 */
public record Target(String host, int port, InetSocketAddress address) {

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public String label() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The resolved address as text, without a host name part. */
    public String resolvedAddress() {
        String ip = NetUtil.toAddressString(address.getAddress());
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** True when the resolved address reads differently from what the user wrote. */
    public boolean resolvedDiffers() {
        return !resolvedAddress().equals(label());
    }
}
