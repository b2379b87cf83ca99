package dev.tcpswarm.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape, as client_java's {@code PrometheusScrapeHandler} sees it: the request of an
 * {@link HttpExchange}, and a response kept in memory. The scrape handler writes the whole
 * exposition (content negotiation, gzip, {@code name[]} filters are its own) into the buffer, and
 * {@link #send()} writes it out afterwards, so that a client that goes away mid-scrape is one
 * {@link IOException} at one place, for the server to note at debug level, instead of client_java's
 * SEVERE log records with their stack traces. The HTTP thread of the request only.
 */
final class ScrapeExchange implements PrometheusHttpExchange {
    private final HttpExchange exchange;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    private int status = -1;

    ScrapeExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return new PrometheusHttpRequest() {
            @Override
            public String getQueryString() {
                return exchange.getRequestURI().getRawQuery();
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                List<String> values = exchange.getRequestHeaders().get(name);
                return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
            }

            @Override
            public String getMethod() {
                return exchange.getRequestMethod();
            }

            @Override
            public String getRequestPath() {
                return exchange.getRequestURI().getPath();
            }
        };
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return new PrometheusHttpResponse() {
            @Override
            public void setHeader(String name, String value) {
                headers.put(name, value);
            }

            @Override
            public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
                status = statusCode;
                body.reset();
                return body;
            }
        };
    }

    @Override
    public void handleException(IOException e) throws IOException {
        throw e; // only the collection can fail here: the response is in memory
    }

    @Override
    public void handleException(RuntimeException e) {
        // a collector failed: the scrape answers 500 with what failed, as client_java's handler does
        headers.clear();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        status = 500;
        body.reset();
        byte[] text = ("the metrics could not be collected: " + e + "\n").getBytes(StandardCharsets.UTF_8);
        body.write(text, 0, text.length);
    }

    @Override
    public void close() {
        // nothing to release: send() writes the response
    }

    /** Writes the response the scrape handler made; a HEAD request gets its headers only. */
    void send() throws IOException {
        if (status < 0) {
            throw new UncheckedIOException(new IOException("the scrape handler made no response"));
        }
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.size()));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        try (OutputStream out = exchange.getResponseBody()) {
            body.writeTo(out);
        }
    }
}
