package dev.tcpswarm.cli;

import com.sun.net.httpserver.HttpExchange;
import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.metrics.MetricsEndpoint;
import dev.tcpswarm.plan.DurationText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /} of {@code tcpswarm established}: a small page naming the endpoints and the settings
 * in force, as tcp_established_exporter's own page did, so that a person who opens the exporter's
 * address sees what it is. Every value is escaped. The HTTP threads; it reads only settings fixed
 * before the server started.
 */
final class EstablishedIndex {
    private EstablishedIndex() {
    }

    static void send(HttpExchange exchange, EstablishedCommand c) throws IOException {
        StringBuilder rows = new StringBuilder();
        row(rows, "ports", c.ports.isEmpty() ? "every listening port" : c.ports.toString());
        row(rows, "min-age", DurationText.format(c.minAgeNanos));
        row(rows, "interval", DurationText.format(c.intervalNanos));
        row(rows, "simple", String.valueOf(c.simple));
        row(rows, "ipv6", c.noIpv6 ? "not counted" : "counted");
        row(rows, "listen", ListenAddress.format(c.listen));
        row(rows, "namespace", c.netnsPid == null ? "this network namespace" : "the network namespace of process " + c.netnsPid);
        if (c.compat != null) {
            row(rows, "compat", c.compat);
        }
        String page = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>tcpswarm established</title></head>\n"
                + "<body><h1>tcpswarm established</h1>\n<p>Counts the TCP connections clients have established to this "
                + "host's listening ports.</p>\n<ul>\n<li><a href=\"" + MetricsEndpoint.METRICS_PATH + "\">"
                + MetricsEndpoint.METRICS_PATH + "</a>: the metrics, for Prometheus</li>\n<li><a href=\""
                + MetricsEndpoint.HEALTH_PATH + "\">" + MetricsEndpoint.HEALTH_PATH + "</a>: the health endpoint</li>\n"
                + "</ul>\n<table>\n" + rows + "</table>\n</body></html>\n";
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
