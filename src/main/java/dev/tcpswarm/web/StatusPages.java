package dev.tcpswarm.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The status page on the monitor's one HTTP server (every path but {@code /metrics}): {@code /} and
 * its files, {@code /api/services}, {@code /api/services/{name}/history} and {@code .../daily},
 * {@code /api/incidents}, and the SVG badges {@code /badge/{name}/status.svg} and {@code uptime.svg}. Read-only: GET and HEAD,
 * anything else is 405. The page builds its content from the API with DOM text nodes only, and is
 * served with a Content-Security-Policy that allows no inline script and nothing from elsewhere.
 * Called on the HTTP server's threads.
 */
public final class StatusPages implements HttpHandler {
    /** The page's policy: its own files and API only, no inline script, no other origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String API = "/api/services";
    private static final String INCIDENTS = "/api/incidents";
    private static final String LOGS_API = "/api/logs";
    private static final String BADGE = "/badge/";

    private final PageFiles files = PageFiles.load();
    private final StatusApi api;

    public StatusPages(StatusApi api) {
        this.api = api;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, "read-only: only GET and HEAD\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            PageFiles.File file = files.get(path);
            if (file != null) {
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                send(exchange, 200, file.contentType(), file.bytes());
                return;
            }
            if (path.equals(API) || path.equals(API + "/")) {
                json(exchange, 200, api.services());
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            try {
                if (answer(exchange, path, query)) {
                    return;
                }
            } catch (StatusApi.ApiException e) {
                json(exchange, e.status, api.mapper().createObjectNode().put("error", e.getMessage()));
                return;
            }
            text(exchange, 404, "not found: the status page is at /, its API at /api/services and /api/logs, metrics at /metrics\n");
        } catch (java.sql.SQLException | RuntimeException e) {
            try {
                json(exchange, 500, api.mapper().createObjectNode().put("error", "the store could not be read: "
                        + e.getMessage()));
            } catch (IOException | RuntimeException ignored) {
                // the answer had begun; the connection is closed
            }
        }
    }

    /** The API's and the badges' answers by path; false for a path none of them has. */
    private boolean answer(HttpExchange exchange, String path, Map<String, String> query)
            throws IOException, java.sql.SQLException, StatusApi.ApiException {
        if (path.equals(INCIDENTS)) {
            json(exchange, 200, api.incidents(query.get("days")));
            return true;
        }
        if (path.equals(LOGS_API) || path.equals(LOGS_API + "/")) {
            json(exchange, 200, api.logs(query.get("from"), query.get("to")));
            return true;
        }
        String history = named(path, API + "/", "/history");
        if (history != null) {
            json(exchange, 200, api.history(history, query.get("from"), query.get("to")));
            return true;
        }
        String daily = named(path, API + "/", "/daily");
        if (daily != null) {
            json(exchange, 200, api.daily(daily));
            return true;
        }
        String status = named(path, BADGE, "/status.svg");
        if (status != null) {
            svg(exchange, Badges.status(status, api.badgeState(status).state()));
            return true;
        }
        String uptime = named(path, BADGE, "/uptime.svg");
        if (uptime != null) {
            String range = query.getOrDefault("range", "24h");
            svg(exchange, Badges.uptime(uptime, range, api.badgeUptime(uptime, range).uptime()));
            return true;
        }
        return false;
    }

    /** The decoded name between {@code prefix} and {@code suffix} of a raw path, or null. */
    private static String named(String path, String prefix, String suffix) {
        if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        String encoded = path.substring(prefix.length(), path.length() - suffix.length());
        return encoded.contains("/") ? null : decode(encoded);
    }

    private static void svg(HttpExchange exchange, String body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-cache, max-age=0");
        send(exchange, 200, "image/svg+xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json", api.mapper().writeValueAsBytes(body));
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
