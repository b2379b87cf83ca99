package dev.tcpswarm.cli;

import dev.tcpswarm.plan.Target;
import dev.tcpswarm.verdict.ExitCode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The target, written any of the ways tcpgoon's users know: {@code <host> <port>},
 * {@code <host>:<port>}, {@code [<ipv6>]:<port>}, or {@code -h HOST -p PORT}. The name is resolved
 * once, here, before the run; never per connection.
 */
public final class TargetOptions {
    @Parameters(arity = "0..2", paramLabel = "TARGET",
            description = "<host> <port>, <host>:<port> or [<ipv6>]:<port>")
    List<String> positional = new ArrayList<>();

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Target host (instead of the positional form)")
    String hostOption;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Target port (instead of the positional form)")
    String portOption;

    @ArgGroup(exclusive = true)
    Family family;

    /** -4 or -6. */
    static final class Family {
        @Option(names = "-4", description = "Use IPv4 addresses only") boolean ipv4;
        @Option(names = "-6", description = "Use IPv6 addresses only") boolean ipv6;
    }

    /** Host and port as written, checked but not resolved. */
    public String[] hostAndPort() {
        String host = hostOption;
        String port = portOption;
        if (positional.size() > 2) {
            throw new UsageException("unexpected argument '" + positional.get(2) + "': the target is <host> <port>, "
                    + "<host>:<port> or [<ipv6>]:<port>");
        }
        if (positional.size() == 2) {
            String first = positional.get(0);
            boolean hostWithPort = first.startsWith("[") ? first.contains("]:")
                    : first.indexOf(':') > 0 && first.indexOf(':') == first.lastIndexOf(':');
            if (hostWithPort) {
                throw new UsageException("the target is given in both forms ('" + first + "' and then '"
                        + positional.get(1) + "'): give <host> <port> or <host>:<port>, not both");
            }
            host = pick(host, first, "host");
            port = pick(port, positional.get(1), "port");
        } else if (positional.size() == 1) {
            String t = positional.get(0);
            int close = t.lastIndexOf("]:");
            int colon = t.lastIndexOf(':');
            if (t.startsWith("[") && close > 0) {
                host = pick(host, t.substring(1, close), "host");
                port = pick(port, t.substring(close + 2), "port");
            } else if (colon > 0 && t.indexOf(':') == colon) {
                host = pick(host, t.substring(0, colon), "host");
                port = pick(port, t.substring(colon + 1), "port");
            } else if (host == null) {
                host = t; // the port may come from -p
            } else {
                port = pick(port, t, "port");
            }
        }
        if (host != null && port == null && positional.size() == 1 && host.indexOf(':') != host.lastIndexOf(':')
                && !host.startsWith("[")) {
            // ::1:21006 reads as one IPv6 address with no port
            String before = host.substring(0, host.lastIndexOf(':'));
            String after = host.substring(host.lastIndexOf(':') + 1);
            String example = after.matches("\\d{1,5}") ? "[" + before + "]:" + after : "[" + host + "]:PORT";
            throw new UsageException("missing port: '" + host + "' reads as an IPv6 address; with a port, put the "
                    + "address in brackets: " + example);
        }
        if (host == null || host.isBlank() || port == null) {
            throw new UsageException("missing target: give <host> <port>, <host>:<port>, [<ipv6>]:<port> or -h HOST -p PORT");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, String.valueOf(parsePort(port))};
    }

    private static String pick(String fromOption, String positional, String what) {
        if (fromOption != null && !fromOption.equals(positional)) {
            throw new UsageException("the " + what + " is given twice ('" + fromOption + "' and '" + positional
                    + "'): use either the positional form or -h/-p");
        }
        return positional;
    }

    /** 1-65535, or a usage error that says so. */
    public static int parsePort(String text) {
        int port;
        try {
            port = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("port '" + text + "' is not a number: use 1-65535");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("port " + port + " is out of range: use 1-65535");
        }
        return port;
    }

    /** Resolves the host once; exit 68 when it does not resolve. */
    public Target resolve() {
        String[] hp = hostAndPort();
        String host = hp[0];
        int port = Integer.parseInt(hp[1]);
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UsageException("cannot resolve host '" + host + "': check the name, or give an IP address",
                    ExitCode.NO_HOST);
        }
        for (InetAddress a : all) {
            boolean v4 = a instanceof Inet4Address;
            boolean v6 = a instanceof Inet6Address;
            if ((family == null) || (family.ipv4 && v4) || (family.ipv6 && v6)) {
                return new Target(host, port, new InetSocketAddress(a, port));
            }
        }
        throw new UsageException("host '" + host + "' has no " + (family.ipv4 ? "IPv4" : "IPv6")
                + " address: drop " + (family.ipv4 ? "-4" : "-6") + " or give another host", ExitCode.NO_HOST);
    }
}
