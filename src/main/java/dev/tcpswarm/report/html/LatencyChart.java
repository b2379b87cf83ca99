package dev.tcpswarm.report.html;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.report.ResultDocument;
import dev.tcpswarm.stats.IntervalPoint;
import dev.tcpswarm.stats.LatencySeries;
import dev.tcpswarm.stats.LatencySummary;
import dev.tcpswarm.stats.TrackerTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * One latency the run report draws when the run measured it: its percentile plot over the whole run
 * (a panel of its own, so that a 5 ms curve is not flattened under a 450 ms one) and, when the
 * intervals carry it, its percentiles over time. The connect latency is always there; the latency
 * from the planned start when the run was paced (unpaced it is the connect's); the TLS handshake's
 * with {@code --tls}. A new measured latency (a response's, say) is one more entry in {@link #of}:
 * the page draws whatever the list holds, in its order. A value; the command's thread.
 *
 * @param key the name of its columns in the page's data ({@code connect_ms})
 * @param title what its charts are called
 * @param resultPointer where its digest is in the JSON result, for the page's figures
 * @param whole its histogram over the whole run (microseconds)
 * @param perInterval its digest in each progress interval, or null when the intervals do not keep it
 * @param none what its charts say when it measured nothing
 */
record LatencyChart(String key, String title, String resultPointer, Histogram whole,
        Function<IntervalPoint, LatencySummary> perInterval, String none) {
    private static final String NO_CONNECTION = "No connection was established, so there is no latency to draw.";


    /** The latencies {@code doc}'s run measured, in the order the page shows them. */
    static List<LatencyChart> of(ResultDocument doc) {
        TrackerTotals totals = doc.result().totals();
        List<LatencyChart> series = new ArrayList<>();
        series.add(new LatencyChart("connect_ms", "Connect latency, from the connect call", "/connect_latency_ms",
                totals.connectLatency(), IntervalPoint::connectLatency, NO_CONNECTION));
        if (doc.plan().paced()) {
            series.add(new LatencyChart("planned_ms",
                    "Latency from the planned start (the connect plus how late it started)",
                    "/connect_latency_from_intended_ms", totals.connectFromIntended(), IntervalPoint::plannedLatency,
                    NO_CONNECTION));
        }
        if (totals.tls().used()) {
            series.add(new LatencyChart("tls_ms", "TLS handshake latency, after the connect",
                    "/tls/handshake_latency_ms", totals.tls().handshakeLatency(),
                    p -> p.latency(LatencySeries.TLS_HANDSHAKE),
                    "No TLS handshake completed, so there is no latency to draw."));
        }
        if (totals.messages().expecting()) {
            series.add(new LatencyChart("response_ms", "Response latency, from each message's planned send to its answer",
                    LatencySeries.RESPONSE.jsonPointer(), totals.messages().responseLatency(),
                    p -> p.latency(LatencySeries.RESPONSE), "No message was answered, so there is no latency to draw."));
        }
        return series;
    }

    /** What the page reads of it beside its columns: key, title, where its figures are, whether it has a timeline. */
    ObjectNode describe() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("key", key);
        node.put("title", title);
        node.put("result_pointer", resultPointer);
        node.put("count", whole.getTotalCount());
        node.put("over_time", perInterval != null);
        node.put("none", none);
        return node;
    }
}
