package dev.tcpswarm.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.monitor.config.ChannelConfig;
import dev.tcpswarm.plan.DurationText;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code webhook}: POSTs the notice as JSON (the JDK's HttpClient, a timeout per try); delivered on
 * a 2xx answer. The request runs on the client's threads.
 */
final class WebhookChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChannelConfig config;
    private final HttpClient http;

    WebhookChannel(ChannelConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Attempt> deliver(Notice notice) {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(Duration.ofMillis(config.timeoutMillis()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(notice)));
        config.headers().forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .handle((response, thrown) -> thrown != null ? Attempt.failed(describe(thrown))
                        : response.statusCode() / 100 == 2 ? Attempt.ok()
                        : Attempt.failed("HTTP " + response.statusCode()));
    }

    /** What failed, in the user's words: {@code connection refused to 127.0.0.1:9000}, {@code timeout after 5s}. */
    private String describe(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String where = hostAndPort(config.url());
        if (c instanceof HttpTimeoutException) {
            return "timeout after " + DurationText.format(TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis()))
                    + " (" + where + ")";
        }
        if (c instanceof ConnectException) {
            return "connection refused to " + where;
        }
        if (c instanceof UnresolvedAddressException || c.getCause() instanceof UnresolvedAddressException) {
            return "cannot resolve " + config.url().getHost();
        }
        String message = c.getMessage() == null || c.getMessage().isBlank() ? c.getClass().getSimpleName() : c.getMessage();
        return message + " (" + where + ")";
    }

    private static String hostAndPort(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        String host = url.getHost();
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The webhook's JSON body. */
    static byte[] body(Notice notice) {
        ObjectNode n = JSON.createObjectNode();
        n.put("alert", notice.alert());
        n.put("event", notice.eventKey());
        n.put("target", notice.target());
        n.put("state", notice.stateKey());
        n.put("message", notice.message());
        n.put("time", Instant.ofEpochMilli(notice.epochMillis()).toString());
        if (notice.firingSinceEpochMillis() > 0) {
            n.put("firing_since", Instant.ofEpochMilli(notice.firingSinceEpochMillis()).toString());
        }
        ObjectNode labels = n.putObject("labels");
        notice.labels().forEach(labels::put);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // not reached: a tree of strings
        }
    }
}
