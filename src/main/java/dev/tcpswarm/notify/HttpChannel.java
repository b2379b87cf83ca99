package dev.tcpswarm.notify;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Sends an HTTP provider's requests with the monitor's one HTTP client (the JDK's), one try per call
 * with the channel's timeout for the answer, and reads the answer through the provider's
 * format. Failures say what failed ({@code connection refused to 127.0.0.1:9000}, {@code HTTP 500},
 * {@code timeout after 5s from 127.0.0.1:9000}) with every secret of the channel taken out. Called on the notifier's
 * thread; completes on the HTTP client's.
 */
public final class HttpChannel implements NoticeChannel {
    /** Headers whose value is a credential, whatever it was made from (lower case). */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization");

    private final HttpFormat format;
    private final ProviderContext context;

    public HttpChannel(HttpFormat format, ProviderContext context) {
        this.format = format;
        this.context = context;
    }

    @Override
    public CompletableFuture<DeliveryResult> deliver(AlertNotice notice) {
        return deliver(format.request(notice));
    }

    /** One try at {@code call}, its answer read by the format. */
    public CompletableFuture<DeliveryResult> deliver(HttpCall call) {
        return send(call).thenApply(r -> format.answer(r.statusCode(), r.headers(), r.body()))
                .exceptionally(t -> DeliveryResult.failed(describe(t, call.uri(), context.timeoutMillis())))
                .thenApply(r -> redacted(r, call));
    }

    /** Sends one call; the future fails on a transport error, or when no answer came within the timeout. */
    CompletableFuture<HttpResponse<String>> send(HttpCall call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri())
                .timeout(Duration.ofMillis(context.timeoutMillis()))
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        return context.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The result with the format's secrets taken out of its error text, and the credentials the call
     * carried in its headers ({@code Authorization: Basic ...}, whose base64 holds a password but not
     * as written): a receiver's error answer may echo the whole request.
     */
    private DeliveryResult redacted(DeliveryResult r, HttpCall call) {
        List<Secret> secrets = new ArrayList<>(format.secrets());
        call.headers().forEach((name, value) -> {
            if (CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    || secrets.stream().anyMatch(s -> s.reveal().length() >= 4 && value.contains(s.reveal()))) {
                secrets.add(new Secret(value));
                int space = value.indexOf(' ');
                if (space > 0) {
                    secrets.add(new Secret(value.substring(space + 1).strip())); // the credential after its scheme
                }
            }
        });
        String error = Secret.redact(r.error(), secrets);
        return error.equals(r.error()) ? r : new DeliveryResult(error, r.retryAfterMillis(), r.permanent());
    }

    /** What failed, naming the host and port (never the path, which may hold a key). */
    static String describe(Throwable t, URI uri, long timeoutMillis) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        String where = hostPort(uri);
        String after = dev.tcpswarm.plan.DurationText.format(
                java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        if (c instanceof HttpConnectTimeoutException) {
            return "connect timeout after " + after + " to " + where;
        }
        if (c instanceof HttpTimeoutException || c instanceof TimeoutException) {
            return "timeout after " + after + " from " + where;
        }
        if (c instanceof ConnectException) {
            Throwable root = c.getCause() != null ? c.getCause() : c;
            return root instanceof UnresolvedAddressException ? "cannot resolve " + uri.getHost()
                    : "connection refused to " + where;
        }
        if (c instanceof SSLException) {
            return "TLS with " + where + " failed: " + c.getMessage();
        }
        if (c instanceof java.io.IOException) {
            return where + ": " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    static String hostPort(URI uri) {
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
