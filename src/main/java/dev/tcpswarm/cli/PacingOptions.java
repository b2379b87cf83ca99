package dev.tcpswarm.cli;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.SourceAddresses;
import dev.tcpswarm.plan.Target;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How connections are opened, shared by {@code run} and {@code ramp}: the pacing (tcpgoon's
 * {@code --sleep}, or {@code --rate}), the dial timeout, where from, how they are closed, and the
 * event-loop threads.
 */
public final class PacingOptions {
    static final long DEFAULT_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @Option(names = {"-s", "--sleep"}, paramLabel = "MS", converter = Durations.Millis.class,
            description = "Time between connection starts, in ms or with a unit (default: 10; 0 = as fast as possible)")
    Long sleepNanos;

    @Option(names = "--rate", paramLabel = "R", description = "Connection starts per second (instead of --sleep)")
    Double rate;

    @Option(names = {"-t", "--dial-timeout"}, paramLabel = "MS", converter = Durations.Millis.class,
            defaultValue = "5000", description = "Connect timeout, in ms or with a unit (default: ${DEFAULT-VALUE})")
    long dialTimeoutNanos;

    @Option(names = "--source", paramLabel = "LIST",
            description = "Local source addresses to spread connections over: a comma list of addresses, "
                    + "ranges (127.0.0.1-127.0.0.3) or CIDR blocks; each gets its own ephemeral ports")
    String source;

    @Option(names = "--close", paramLabel = "fin|rst", defaultValue = "rst",
            completionCandidates = Candidates.CloseModes.class,
            description = "How tcpswarm closes its connections at the end: rst (default; SO_LINGER 0, leaves no "
                    + "TIME_WAIT to starve the next run of ports) or fin (orderly close)")
    String close;

    @Option(names = "--threads", paramLabel = "N", description = "Event-loop threads (default: the number of cores)")
    Integer threads;

    /** The command these options are mixed into, for the dial timeout as it was typed. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * A note for a dial timeout typed as a bare number below 100: a bare number is milliseconds (as
     * tcpgoon's {@code -t}), but tcpgoon's older README gave {@code -t} in seconds, so {@code -t 5} is
     * likely meant as 5 s. Empty otherwise, and for a value with a unit.
     */
    List<String> notes() {
        if (mixee == null) {
            return List.of();
        }
        List<String> typed = mixee.findOption("--dial-timeout").originalStringValues();
        if (typed.isEmpty()) {
            return List.of();
        }
        String text = typed.get(typed.size() - 1).trim();
        if (!text.matches("\\d+(\\.\\d+)?") || Double.parseDouble(text) >= 100) {
            return List.of();
        }
        return List.of("-t " + text + " is " + text + " ms (a bare number is milliseconds, as in tcpgoon); for seconds write -t "
                + text + "s");
    }

    /** Nanoseconds between planned starts; 0 means unpaced. */
    long startIntervalNanos() {
        if (rate != null && sleepNanos != null) {
            throw new UsageException("--rate and --sleep both set the pacing: use one of them");
        }
        if (rate != null) {
            if (!(rate > 0) || rate > 10_000_000) {
                throw new UsageException("--rate " + rate + " is out of range: use a positive number of starts per second");
            }
            return Math.max(1, Math.round(1e9 / rate));
        }
        return sleepNanos == null ? DEFAULT_SLEEP_NANOS : sleepNanos;
    }

    int dialTimeoutMillis() {
        long ms = TimeUnit.NANOSECONDS.toMillis(dialTimeoutNanos);
        if (ms < 1 || ms > Integer.MAX_VALUE) {
            throw new UsageException("--dial-timeout must be at least 1ms");
        }
        return (int) ms;
    }

    CloseMode closeMode() {
        switch (close.toLowerCase(java.util.Locale.ROOT)) {
            case "fin":
                return CloseMode.FIN;
            case "rst":
                return CloseMode.RST;
            default:
                throw new UsageException("--close '" + close + "' is not fin or rst");
        }
    }

    /** The source addresses, each of the target's family (IPv4 or IPv6): a connect cannot cross families. */
    List<InetAddress> sources(Target target) {
        if (source == null) {
            return List.of();
        }
        List<InetAddress> sources;
        try {
            sources = SourceAddresses.parse(source);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        InetAddress to = target.address().getAddress();
        for (InetAddress from : sources) {
            if (from.getClass() != to.getClass()) {
                throw new UsageException("--source " + NetUtil.toAddressString(from) + " is " + family(from) + " but the target "
                        + target.resolvedAddress() + " is " + family(to) + ": give " + family(to)
                        + " source addresses, or leave --source out");
            }
        }
        return sources;
    }

    /**
     * Refuses a source address this host does not have. Called on the addresses this process dials
     * from: a shard's own block of the --source list, whose other blocks are other machines'.
     */
    static List<InetAddress> requireLocal(List<InetAddress> sources) {
        SourceAddresses.NotOnThisHost notHere = SourceAddresses.firstNotOnThisHost(sources);
        if (notHere != null) {
            throw new UsageException("--source " + notHere.address() + " is not an address of this host ("
                    + notHere.reason()
                    + "): give addresses this host has (see 'ip -brief address'), or leave --source out");
        }
        return sources;
    }

    private static String family(InetAddress address) {
        return address instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    int threads() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 256) {
            throw new UsageException("--threads " + n + " is out of range: use 1-256");
        }
        return n;
    }
}
