package dev.tcpswarm.report;

import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.stats.DialPhase;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LatencySummary;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.MessageTotals;
import dev.tcpswarm.stats.TlsSession;
import dev.tcpswarm.stats.TlsTotals;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.ThresholdResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The human report at the end of a run, in tcpgoon's shape ({@code --- host:port tcp test
 * statistics ---} to the byte, the final status line, the established counts) followed by what
 * tcpgoon never said: the resolved address, the connect rate, latency percentiles, errors by reason,
 * the latency table and thresholds. Every line fits in {@link #WIDTH} columns: a latency takes two
 * lines, and any other line that would be longer continues on the next, indented.
 */
public final class TextReport {
    /** The widest line the report prints (the header excepted: tcpgoon's, kept byte for byte). */
    public static final int WIDTH = 120;
    private static final String CONTINUED = "  ";
    private static final String WARNING = "Warning: ";
    private static final String YELLOW = "\033[33m";
    private static final String PLAIN = "\033[0m";

    private TextReport() {
    }

    public static void print(PrintStream out, LoadPlan plan, RunResult result, List<ThresholdResult> thresholds) {
        print(out, plan, result, thresholds, false);
    }

    /**
     * Prints the report; with {@code colour} (standard output is a terminal and NO_COLOR is not set)
     * the warning that the server closed connections is shown in yellow, as the HTML banner shows it.
     */
    public static void print(PrintStream out, LoadPlan plan, RunResult result, List<ThresholdResult> thresholds,
            boolean colour) {
        for (String line : lines(plan, result, thresholds)) {
            out.println(colour && line.startsWith(WARNING) ? YELLOW + line + PLAIN : line);
        }
        out.flush();
    }

    /**
     * The first line of tcpswarm's own summary when the server closed or reset connections, which
     * tcpgoon's exit code 0 does not say: {@code Warning: the server reset 3000 of the 3000
     * established connections}. Null when it closed none. The HTML report's banner opens with it.
     */
    public static String serverClosedWarning(TrackerTotals t) {
        long closed = t.counts().closed() + t.reopened();
        if (closed == 0) {
            return null;
        }
        long resets = t.closedByReset();
        String of = closed + " of the " + t.everEstablished() + " established connection"
                + (t.everEstablished() == 1 ? "" : "s");
        if (resets == closed) {
            return WARNING + "the server reset " + of;
        }
        return WARNING + "the server closed " + of + (resets > 0 ? " (" + resets + " of them by reset)" : "");
    }

    public static List<String> lines(LoadPlan plan, RunResult result, List<ThresholdResult> thresholds) {
        Target target = plan.target();
        TrackerTotals t = result.totals();
        List<String> l = new ArrayList<>();
        l.add("--- " + target.label() + " tcp test statistics ---");
        l.add(result.counts().progressLine());
        String serverClosed = serverClosedWarning(t);
        if (serverClosed != null) {
            l.add(serverClosed); // the first line after tcpgoon's two, which stay as they were
        }
        if (result.interrupted()) {
            l.add("Interrupted: the run was stopped before it finished");
        }
        if (result.deadlineReached()) {
            l.add("Deadline reached: the run did not finish within --max-duration");
        }
        if (plan.holdNanos() > 0 && !plan.reconnect() && !result.interrupted() && !result.deadlineReached()
                && result.counts().established() == 0) {
            l.add("Hold: ended early: no connection was left open to hold (none reopens without --reconnect)");
        }
        l.add("Total established connections: " + t.everEstablished());
        l.add("Max concurrent established connections: " + t.maxConcurrent());
        l.add("Number of established connections on closure: " + result.counts().established());
        if (target.resolvedDiffers()) {
            l.add("Address: " + target.resolvedAddress() + " (" + target.host() + " resolved once, before the run)");
        }
        DialPhase dial = t.dialPhase();
        l.add(String.format(Locale.ROOT, "Connect rate: %.1f connections/s (%d established in %.3f s)",
                dial.connectRatePerSecond(), dial.established(), dial.connectSpanNanos() / 1e9));
        l.add(String.format(Locale.ROOT, "Attempt rate: %.1f starts/s (%d started in %.3f s)",
                dial.attemptRatePerSecond(), dial.attempts(), dial.attemptSpanNanos() / 1e9));
        l.add(String.format(Locale.ROOT, "Wall time: %.3f s", result.wallNanos() / 1e9));
        l.addAll(latency("Connect latency", t.connectLatency()));
        if (plan.paced()) {
            l.addAll(latency("Connect latency from planned start", t.connectFromIntended()));
            Histogram lag = t.scheduleLag();
            l.add(String.format(Locale.ROOT, "Late starts (over 1 ms behind plan): %d of %d (schedule lag p99 %s, max %s)",
                    t.lateStarts(), lag.getTotalCount(), ms(lag.getValueAtPercentile(99)) + " ms", ms(lag.getMaxValue()) + " ms"));
        }
        if (t.tls().used()) {
            l.addAll(tls(t.tls(), result.end()));
        }
        if (t.messages().used()) {
            l.addAll(messages(t.messages()));
        }
        l.addAll(latency("Time to error", t.timeToError()));
        l.add("Errors by reason: " + errors(t));
        for (ErrorReason reason : ErrorReason.values()) {
            if (t.errors(reason) > 0 && !reason.hint().isEmpty()) {
                l.add("Hint (" + reason.description() + ", a limit on this machine): " + reason.hint());
            }
        }
        if (t.counts().closed() > 0 || t.reopened() > 0) {
            l.add("Closed by the server: " + (t.counts().closed() + t.reopened()) + " (" + t.closedByReset() + " reset)");
            l.addAll(latency("Time to close", t.timeToClose()));
        }
        if (plan.reconnect()) {
            l.add("Reopened: " + t.reopened() + " (" + t.reopenFailed() + " failed)");
        }
        if (result.peakRssBytes() > 0) {
            l.add(String.format(Locale.ROOT, "Peak memory: %.1f MB", result.peakRssBytes() / 1048576.0));
        }
        l.add("Connect latency buckets:");
        LatencyBuckets buckets = LatencyBuckets.of(t.connectLatency(), t.counts().error());
        long all = Math.max(1, buckets.total());
        List<Long> counts = buckets.counts();
        for (int i = 0; i < counts.size(); i++) {
            String label = LatencyBuckets.LABELS.get(i);
            l.add(String.format(Locale.ROOT, "  %-12s %8d  %5.1f%%", label.equals("failed") ? "Failed" : label,
                    counts.get(i), 100.0 * counts.get(i) / all));
        }
        if (!thresholds.isEmpty()) {
            l.add("Thresholds:");
            for (ThresholdResult r : thresholds) {
                l.add(String.format(Locale.ROOT, "  %s %-30s %s", r.passed() ? "PASS" : "FAIL", r.expression(),
                        r.measuredText()));
            }
        }
        List<String> fitted = new ArrayList<>(List.of(l.get(0)));
        for (String line : l.subList(1, l.size())) {
            fitted.addAll(wrap(line));
        }
        return fitted;
    }

    /** {@code line}, or, when it is wider than {@link #WIDTH}, broken at spaces, continued lines indented. */
    public static List<String> wrap(String line) {
        List<String> lines = new ArrayList<>();
        String rest = line;
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= CONTINUED.length()) {
                break; // no space to break at: a line that long is one word
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = CONTINUED + rest.substring(cut + 1);
        }
        lines.add(rest);
        return lines;
    }

    private static String errors(TrackerTotals t) {
        StringBuilder sb = new StringBuilder();
        for (ErrorReason reason : ErrorReason.values()) {
            long n = t.errors(reason);
            if (n > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(reason.description()).append(' ').append(n);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /**
     * A latency in two lines, {@code Name: min/avg/max/dev = ... ms (count)} and its percentiles
     * {@code   p50 ..., p90 ..., p99 ..., p99.9 ... ms}; or one, {@code Name: none}.
     */
    /** The TLS lines of a run with {@code --tls}: handshakes, their latency, the session and the certificate. */
    static List<String> tls(TlsTotals tls, Instant now) {
        List<String> l = new ArrayList<>();
        l.add("TLS handshakes: " + tls.completed() + " completed, " + tls.failed() + " failed");
        l.addAll(latency("TLS handshake latency", tls.handshakeLatency()));
        TlsSession s = tls.session();
        if (s != null) {
            l.add("TLS session: " + s.protocol() + ", " + s.cipher() + (s.alpn().isEmpty() ? "" : ", ALPN " + s.alpn())
                    + (s.provider().isEmpty() ? "" : " (" + s.provider() + " provider)"));
            if (s.notAfter() != null) {
                l.add("Server certificate: " + s.subject());
                l.add(CONTINUED + "issued by " + s.issuer());
                l.add(CONTINUED + "not after " + s.notAfter() + " (" + s.daysLeft(now) + " days left)");
            }
        }
        return l;
    }

    /**
     * The traffic lines of a run that sent on its connections: messages and their rate, answers
     * (with {@code --expect}), bytes and throughput each way, the response latency.
     */
    static List<String> messages(MessageTotals m) {
        List<String> l = new ArrayList<>();
        l.add(String.format(Locale.ROOT, "Messages sent: %d (%.1f/s)", m.sent(), m.messagesPerSecond()));
        if (m.expecting()) {
            l.add("Responses: " + m.responses() + " matched, " + m.timeouts() + " timed out (" + m.late()
                    + " of them answered late), " + m.unanswered() + " unanswered");
        }
        l.add(String.format(Locale.ROOT, "Bytes: %d sent (%s), %d received (%s)", m.bytesSent(),
                throughput(m.bytesSentPerSecond()), m.bytesReceived(), throughput(m.bytesReceivedPerSecond())));
        if (m.expecting()) {
            l.addAll(latency("Response latency from planned send", m.responseLatency()));
        }
        return l;
    }

    /** Bytes per second as a person reads it: {@code 640.0 kB/s}, decimal units as network rates go. */
    private static String throughput(double bytesPerSecond) {
        if (bytesPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f MB/s", bytesPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB/s", bytesPerSecond / 1e3);
    }

    static List<String> latency(String name, Histogram h) {
        LatencySummary s = LatencySummary.of(h);
        if (s.count() == 0) {
            return List.of(name + ": none");
        }
        return List.of(String.format(Locale.ROOT, "%s: min/avg/max/dev = %s/%s/%s/%s ms (%d)", name, ms(s.minMicros()),
                        ms(s.avgMicros()), ms(s.maxMicros()), ms(s.stddevMicros()), s.count()),
                String.format(Locale.ROOT, "%sp50 %s, p90 %s, p99 %s, p99.9 %s ms", CONTINUED, ms(s.p50Micros()),
                        ms(s.p90Micros()), ms(s.p99Micros()), ms(s.p999Micros())));
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
