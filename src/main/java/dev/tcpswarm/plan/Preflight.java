package dev.tcpswarm.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Checks a plan against this machine's limits before it runs: the open-files limit, and the
 * ephemeral port range per source address (Linux picks even ports first, so connects slow down
 * sharply past half the range; from one address the dialer then picks the ports itself). It says
 * plainly what will not fit and how to fix it.
 */
public final class Preflight {
    /** File descriptors the JVM and Netty need besides the connections. */
    static final int RESERVED_FDS = 64;

    private Preflight() {
    }

    /** Warnings for stderr about {@code plan} run by one dialer; empty when the plan fits. */
    public static List<String> check(LoadPlan plan, boolean epoll) {
        return check(plan, epoll, pickedPortRange(plan) != null);
    }

    /** As above; {@code picksPorts}: whether the dialer picks the local ports itself ({@link #pickedPortRange}). */
    public static List<String> check(LoadPlan plan, boolean epoll, boolean picksPorts) {
        return check(plan.connections(), plan.sources().size(), epoll, openFilesLimit(), portRange(), picksPorts);
    }

    /**
     * The ephemeral port range when one dialer of {@code plan} picks its local ports itself: from no
     * particular source address, more connections than half the range, where the kernel's search
     * for a free port slows connects down sharply, and closed with RST. Null otherwise (the kernel
     * picks). Not with {@code --close fin}: each connection then leaves its port in TIME_WAIT for a
     * minute, which the kernel reuses towards loopback for its own choices but not for a port a
     * program bound, and its search skips such a port, for every program, while it lasts.
     */
    public static int[] pickedPortRange(LoadPlan plan) {
        int[] range = portRange();
        return plan.sources().isEmpty() && plan.closeMode() == CloseMode.RST && range != null
                && plan.connections() > (range[1] - range[0] + 1) / 2 ? range : null;
    }

    static List<String> check(long connections, int sources, boolean epoll, long openFiles, int[] ports,
            boolean picksPorts) {
        List<String> warnings = new ArrayList<>();
        if (openFiles > 0 && connections + RESERVED_FDS > openFiles) {
            warnings.add(connections + " connections need about " + (connections + RESERVED_FDS)
                    + " open files but this process may have " + openFiles + ": raise the limit (ulimit -n) or open "
                    + "fewer; past the limit connections fail with 'too many open files'");
        }
        if (ports != null) {
            long range = ports[1] - ports[0] + 1L;
            long perSource = (connections + Math.max(1, sources) - 1) / Math.max(1, sources);
            String fix = "spread them with --source (e.g. --source 127.0.0.1-127.0.0.4 for a loopback target) or widen "
                    + "net.ipv4.ip_local_port_range";
            if (perSource > range) {
                warnings.add(perSource + " connections per source address will not fit in the " + range
                        + " ephemeral ports (" + ports[0] + "-" + ports[1] + "): the rest fail with 'local ports "
                        + "exhausted'; " + fix);
            } else if (perSource > range / 2 && picksPorts) {
                warnings.add(perSource + " connections from one source address pass half the " + range
                        + " ephemeral ports, where the kernel's port search slows connects down sharply: tcpswarm picks "
                        + "their local ports itself, which keeps each from other programs while it is held; or " + fix);
            } else if (perSource > range / 2) {
                warnings.add(perSource + " connections per source address pass half the " + range
                        + " ephemeral ports, where the kernel's port search slows connects down sharply; " + fix);
            }
            if (sources > 0 && !epoll) {
                warnings.add("without the epoll transport each source-bound connection reserves its own port: at most "
                        + range + " connections per source address, whatever the destination");
            }
        }
        return warnings;
    }

    /** The soft open-files limit, or -1 where unknown. */
    public static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                    return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The ports the administrator reserved ({@code net.ipv4.ip_local_reserved_ports}, e.g.
     * "8000-8100,9090"), which the kernel never hands out as ephemeral ports, and neither does a
     * dialer that picks its own. Empty when there are none or the file cannot be read.
     */
    public static BitSet reservedPorts() {
        BitSet reserved = new BitSet(65536);
        try {
            String spec = sysctl("net/ipv4/ip_local_reserved_ports");
            for (String part : spec.isEmpty() ? new String[0] : spec.split(",")) {
                String[] ends = part.trim().split("-");
                int low = Integer.parseInt(ends[0].trim());
                int high = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : low;
                reserved.set(low, high + 1);
            }
        } catch (IOException | RuntimeException e) {
            reserved.clear(); // unknown: none
        }
        return reserved;
    }

    /** {low, high} of net.ipv4.ip_local_port_range, or null where unknown. */
    public static int[] portRange() {
        try {
            String[] parts = sysctl("net/ipv4/ip_local_port_range").split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The value of a sysctl under /proc/sys ({@code name} as a path), trimmed; "" when it is empty. */
    private static String sysctl(String name) throws IOException {
        // Not Files.readString: /proc files report size 0, so it reads one byte, then the sysctl
        // says end of file at offset 1 ("3"). A buffered reader asks for the whole line at once.
        List<String> lines = Files.readAllLines(Path.of("/proc/sys", name));
        return lines.isEmpty() ? "" : lines.get(0).trim();
    }
}
