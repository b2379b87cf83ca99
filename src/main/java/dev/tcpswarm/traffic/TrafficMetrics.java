package dev.tcpswarm.traffic;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The access logs' Prometheus metrics, through client_java: requests by source and status class,
 * bytes and malformed lines by source, counted as each line is read; and each source's request rate
 * over the window, set as each second becomes final. The series are looked up once per source, not
 * per line. Reading thread (the exporter reads concurrently; client_java is thread-safe).
 */
public final class TrafficMetrics implements TrafficListener {
    private static final String[] CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Counter requests;
    private final Counter bytes;
    private final Counter malformed;
    private final Gauge rate;
    private final Map<String, Series> series = new HashMap<>();

    public TrafficMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("tcpswarm_traffic_requests_total")
                .help("Requests read from the access log, by source and status class (1xx-5xx, other)")
                .labelNames("source", "status_class").withoutExemplars().register(registry);
        bytes = Counter.builder().name("tcpswarm_traffic_bytes_total")
                .help("Response bytes the access log's requests sent, by source")
                .labelNames("source").withoutExemplars().register(registry);
        malformed = Counter.builder().name("tcpswarm_traffic_malformed_lines_total")
                .help("Lines of the access log its format could not read, by source")
                .labelNames("source").withoutExemplars().register(registry);
        rate = Gauge.builder().name("tcpswarm_traffic_requests_per_second")
                .help("Requests per second over the alert window, by source, as of the newest final second")
                .labelNames("source").withoutExemplars().register(registry);
    }

    /** Declares a source's series at 0 before its first line. */
    public void declare(String source) {
        series(source);
    }

    private Series series(String source) {
        return series.computeIfAbsent(source, Series::new);
    }

    @Override
    public void request(String source, Request r) {
        Series s = series(source);
        s.byClass[r.statusClass()].inc();
        if (r.bytes() > 0) {
            s.bytes.inc(r.bytes());
        }
    }

    @Override
    public void malformed(String source) {
        series(source).malformed.inc();
    }

    @Override
    public void windowRate(String source, long second, double requestsPerSecond) {
        series(source).rate.set(requestsPerSecond);
    }

    /** One source's data points. */
    private final class Series {
        final CounterDataPoint[] byClass = new CounterDataPoint[CLASSES.length];
        final CounterDataPoint bytes;
        final CounterDataPoint malformed;
        final GaugeDataPoint rate;

        Series(String source) {
            for (int i = 0; i < CLASSES.length; i++) {
                byClass[i] = requests.labelValues(source, CLASSES[i]);
            }
            bytes = TrafficMetrics.this.bytes.labelValues(source);
            malformed = TrafficMetrics.this.malformed.labelValues(source);
            rate = TrafficMetrics.this.rate.labelValues(source);
        }
    }
}
