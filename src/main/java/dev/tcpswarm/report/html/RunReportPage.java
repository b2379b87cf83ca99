package dev.tcpswarm.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.report.JsonResultWriter;
import dev.tcpswarm.report.ResultDocument;
import dev.tcpswarm.report.TextReport;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.IntervalPoint;
import dev.tcpswarm.stats.IntervalTraffic;
import dev.tcpswarm.stats.LatencySummary;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.stats.TrackerTotals;
import dev.tcpswarm.verdict.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * {@code run --html}: one run as a page a person reads. The page's data is the run's JSON result
 * itself (the same tree {@code --json} writes, so the page cannot disagree with it), the timeline
 * of its progress intervals, its latency distribution read off the run's histograms, and the
 * command line. It takes a finished result, not a live run, so that {@code merge} can hand it a
 * merged result and timeline as well. Called by the command's thread once the run is over.
 */
public final class RunReportPage {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RunReportPage() {
    }

    /**
     * Writes the page to {@code target}, atomically.
     *
     * @param doc the run's result, as for the JSON result (its exit code is the one shown)
     * @param timeline every progress interval of the run, oldest first (may be empty)
     * @param commandLine the command line as typed, {@code tcpswarm} first
     */
    public static void write(ResultDocument doc, List<IntervalPoint> timeline, List<String> commandLine, Path target)
            throws IOException {
        HtmlPage.write(HtmlPage.Kind.RUN, data(doc, timeline, commandLine), target);
    }

    /** As {@link #write(ResultDocument, List, List, Path)}, for a result tree that says more than {@code doc} (merge's). */
    public static void write(ObjectNode resultTree, ResultDocument doc, List<IntervalPoint> timeline,
            List<String> commandLine, Path target) throws IOException {
        HtmlPage.write(HtmlPage.Kind.RUN, data(resultTree, doc, timeline, commandLine), target);
    }

    /** The page's data, as the page reads it. */
    public static ObjectNode data(ResultDocument doc, List<IntervalPoint> timeline, List<String> commandLine) {
        return data(JsonResultWriter.toTree(doc), doc, timeline, commandLine);
    }

    /**
     * The page's data for a result tree that says more than {@code doc} (merge's, with its shards):
     * {@code resultTree} is what the page shows as the result, as the JSON result has it.
     */
    public static ObjectNode data(ObjectNode resultTree, ResultDocument doc, List<IntervalPoint> timeline,
            List<String> commandLine) {
        ObjectNode data = NODES.objectNode();
        data.put("page", "run");
        data.put("target", doc.plan().target().label());
        data.set("result", resultTree);
        ArrayNode argv = data.putArray("command_line");
        commandLine.forEach(argv::add);
        data.put("exit_code_meaning", exitCodeMeaning(doc.exitCode()));
        TrackerTotals totals = doc.result().totals();
        String serverClosed = TextReport.serverClosedWarning(totals);
        if (serverClosed == null) {
            data.putNull("server_closed_warning");
        } else {
            data.put("server_closed_warning", serverClosed);
        }
        ObjectNode reasons = data.putObject("error_reasons");
        for (ErrorReason r : ErrorReason.reported(totals.tls().used())) {
            reasons.put(r.key(), r.description());
        }
        List<LatencyChart> latencies = LatencyChart.of(doc);
        ArrayNode described = data.putArray("latencies");
        latencies.forEach(l -> described.add(l.describe()));
        data.set("timeline", timeline(withStart(timeline, doc), doc.result().start().toEpochMilli(), latencies,
                totals.messages().used() && IntervalPoint.trafficCounted(timeline)));
        data.set("distribution", PercentileCurve.of(latencies.stream().map(LatencyChart::key).toList(),
                latencies.stream().map(LatencyChart::whole).toList()));
        return data;
    }

    /** What the exit code means, as --help says it; empty for a code --help does not list. */
    static String exitCodeMeaning(int exitCode) {
        return ExitCode.helpList().entrySet().stream().filter(e -> e.getKey().trim().equals(String.valueOf(exitCode)))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }

    /**
     * The run's state when it started (every connection not initiated, nothing measured yet), then
     * its intervals: so that the charts start at zero seconds, and a run shorter than one interval
     * still draws a line from its start to its end.
     */
    static List<IntervalPoint> withStart(List<IntervalPoint> timeline, ResultDocument doc) {
        long start = doc.result().start().toEpochMilli();
        long total = doc.result().counts().total();
        List<IntervalPoint> points = new ArrayList<>();
        points.add(new IntervalPoint(start, start, new StatusCounts(total, 0, 0, 0, 0, total), 0, 0, 0,
                Map.of(), Map.of()));
        points.addAll(timeline);
        return points;
    }

    /**
     * The intervals as columns, ready to plot: the time of each interval's end in seconds since the
     * run's start, the counts per state then, the starts and establishments per second in it, and
     * the percentiles in milliseconds (null for an interval without any) of each latency series that
     * has them per interval, under its key; for a run that sends on its connections ({@code traffic}),
     * whose intervals count it, its messages and bytes per second in each interval, under
     * {@code traffic} (null otherwise: a run that sends nothing, or a merge of older interval logs).
     *
     * <p>The rates of a last interval shorter than half of the one before (the run ended soon after
     * a tick) are those of the two together: alone, a few milliseconds with nothing in them would
     * draw a drop to 0 that did not happen.
     */
    static ObjectNode timeline(List<IntervalPoint> points, long runStartEpochMillis, List<LatencyChart> latencies,
            boolean traffic) {
        ObjectNode t = NODES.objectNode();
        doubles(t, "elapsed_s", points, p -> (p.endEpochMillis() - runStartEpochMillis) / 1000.0);
        doubles(t, "interval_s", points, p -> p.lengthMillis() / 1000.0);
        longs(t, "total", points, p -> p.counts().total());
        longs(t, "dialing", points, p -> p.counts().dialing());
        longs(t, "established", points, p -> p.counts().established());
        longs(t, "closed", points, p -> p.counts().closed());
        longs(t, "error", points, p -> p.counts().error());
        longs(t, "not_initiated", points, p -> p.counts().notInitiated());
        longs(t, "started_in_interval", points, IntervalPoint::startedInInterval);
        longs(t, "established_in_interval", points, IntervalPoint::establishedInInterval);
        longs(t, "late_starts_in_interval", points, IntervalPoint::lateStartsInInterval);
        rates(t, "started_per_second", points, IntervalPoint::startedInInterval);
        rates(t, "established_per_second", points, IntervalPoint::establishedInInterval);
        errors(t, points);
        if (traffic) {
            ObjectNode perSecond = t.putObject("traffic");
            rates(perSecond, "messages_per_second", points, p -> trafficOf(p).messagesSent());
            rates(perSecond, "responses_per_second", points, p -> trafficOf(p).responses());
            rates(perSecond, "response_timeouts_per_second", points, p -> trafficOf(p).responseTimeouts());
            rates(perSecond, "bytes_sent_per_second", points, p -> trafficOf(p).bytesSent());
            rates(perSecond, "bytes_received_per_second", points, p -> trafficOf(p).bytesReceived());
        } else {
            t.putNull("traffic");
        }
        for (LatencyChart l : latencies) {
            if (l.perInterval() != null) {
                t.set(l.key(), percentiles(points, l.perInterval()));
            }
        }
        return t;
    }

    /** The traffic of {@code p}; none for the run's start, which has no length. */
    private static IntervalTraffic trafficOf(IntervalPoint p) {
        return p.traffic() == null ? IntervalTraffic.NONE : p.traffic();
    }

    /**
     * The attempts that failed in each interval, per second, by reason ({@code errors_per_second},
     * one column per reason that failed any): from the intervals' own counts by reason, or, where
     * the intervals do not keep them (merge's, from interval logs), all reasons as one column
     * ({@code all}) from the growth of the error count.
     */
    static void errors(ObjectNode t, List<IntervalPoint> points) {
        ObjectNode perSecond = t.putObject("errors_per_second");
        boolean byReason = points.stream().skip(1).allMatch(p -> p.errorsByReason() != null);
        if (byReason) {
            for (ErrorReason reason : ErrorReason.values()) {
                if (points.stream().anyMatch(p -> p.errorsByReason().getOrDefault(reason, 0L) > 0)) {
                    rates(perSecond, reason.key(), points, p -> p.errorsByReason().getOrDefault(reason, 0L));
                }
            }
            return;
        }
        long[] grown = new long[points.size()];
        for (int i = 1; i < points.size(); i++) {
            grown[i] = Math.max(0, points.get(i).counts().error() - points.get(i - 1).counts().error());
        }
        if (Arrays.stream(grown).anyMatch(n -> n > 0)) {
            rates(perSecond, "all", points, grown);
        }
    }

    /**
     * A count per interval as a rate per second over the interval (null for one of no length); a
     * short last interval is taken together with the one before (see {@link #timeline}).
     */
    static void rates(ObjectNode node, String field, List<IntervalPoint> points, ToLongFunction<IntervalPoint> count) {
        rates(node, field, points, points.stream().mapToLong(count).toArray());
    }

    /** As {@link #rates(ObjectNode, String, List, ToLongFunction)}, with each interval's count given. */
    static void rates(ObjectNode node, String field, List<IntervalPoint> points, long[] counts) {
        double[] rates = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            rates[i] = perSecond(counts[i], points.get(i).lengthMillis());
        }
        int last = points.size() - 1;
        if (last >= 2) { // points.get(0) is the run's start, of no length
            IntervalPoint end = points.get(last);
            IntervalPoint before = points.get(last - 1);
            if (end.lengthMillis() * 2 < before.lengthMillis()) {
                double together = perSecond(counts[last] + counts[last - 1], end.lengthMillis() + before.lengthMillis());
                rates[last] = together;
                rates[last - 1] = together;
            }
        }
        ArrayNode column = node.putArray(field);
        for (double r : rates) {
            if (Double.isFinite(r)) {
                column.add(r);
            } else {
                column.addNull();
            }
        }
    }

    private static double perSecond(long count, long millis) {
        return millis <= 0 ? Double.NaN : count * 1000.0 / millis;
    }

    private static ObjectNode percentiles(List<IntervalPoint> points, Function<IntervalPoint, LatencySummary> which) {
        ObjectNode node = NODES.objectNode();
        longs(node, "count", points, p -> which.apply(p).count());
        latencies(node, "p50", points, which, LatencySummary::p50Micros);
        latencies(node, "p90", points, which, LatencySummary::p90Micros);
        latencies(node, "p99", points, which, LatencySummary::p99Micros);
        latencies(node, "max", points, which, LatencySummary::maxMicros);
        return node;
    }

    private static void latencies(ObjectNode node, String field, List<IntervalPoint> points,
            Function<IntervalPoint, LatencySummary> which, ToLongFunction<LatencySummary> micros) {
        doubles(node, field, points, p -> {
            LatencySummary s = which.apply(p);
            return s.count() == 0 ? Double.NaN : micros.applyAsLong(s) / 1000.0;
        });
    }

    private static void longs(ObjectNode node, String field, List<IntervalPoint> points, ToLongFunction<IntervalPoint> f) {
        ArrayNode column = node.putArray(field);
        points.forEach(p -> column.add(f.applyAsLong(p)));
    }

    /** A column of numbers; NaN (nothing to say) is written as null, which a chart leaves as a gap. */
    static void doubles(ObjectNode node, String field, List<IntervalPoint> points, ToDoubleFunction<IntervalPoint> f) {
        ArrayNode column = node.putArray(field);
        for (IntervalPoint p : points) {
            double v = f.applyAsDouble(p);
            if (Double.isFinite(v)) {
                column.add(v);
            } else {
                column.addNull();
            }
        }
    }
}
