package dev.tcpswarm.metrics;

import com.sun.net.httpserver.HttpHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The route table of tcpswarm's HTTP server ({@link MetricsEndpoint}): which handler answers which
 * path, and for which methods. A route is an exact path ({@code /metrics}) or a tree (a prefix ending
 * in {@code /}, such as {@code /api/}, for the path and everything below it); the longest matching
 * route wins, and the fallback takes the rest (a 404 naming the endpoints when there is none). A
 * request whose method a route does not list gets 405 with an {@code Allow} header before its
 * handler sees it. Commands and extensions add their routes before the server starts; the table is
 * then read by the HTTP threads only, so it needs no lock.
 */
public final class HttpRoutes {
    /** The methods of a read-only route. */
    public static final Set<String> READ_ONLY = Set.of("GET", "HEAD");

    /** One entry of the table. */
    record Route(String path, boolean tree, Set<String> methods, HttpHandler handler, String description) {
        boolean matches(String requestPath) {
            return tree ? requestPath.startsWith(path) || requestPath.equals(path.substring(0, path.length() - 1))
                    : requestPath.equals(path);
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private HttpHandler fallback;

    /** A read-only route (GET and HEAD) for exactly {@code path}. */
    public HttpRoutes get(String path, String description, HttpHandler handler) {
        return add(path, READ_ONLY, description, handler);
    }

    /**
     * A route for {@code path}; a path ending in {@code /} (other than {@code /} itself) is a tree.
     *
     * @param methods the methods the handler answers; any other is 405
     * @param description what a person finds there, for the 404 page and the server's index
     */
    public HttpRoutes add(String path, Set<String> methods, String description, HttpHandler handler) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route's path starts with /: " + path);
        }
        boolean tree = path.length() > 1 && path.endsWith("/");
        for (Route r : routes) {
            if (r.path.equals(path)) {
                throw new IllegalArgumentException("two routes for " + path);
            }
        }
        routes.add(new Route(path, tree, Set.copyOf(methods), handler, description));
        return this;
    }

    /** The handler of every path no route matches (a status page, say); it checks methods itself. */
    public HttpRoutes fallback(HttpHandler handler) {
        this.fallback = handler;
        return this;
    }

    /** The route for {@code requestPath}, or null for the fallback. */
    Route find(String requestPath) {
        Route best = null;
        for (Route r : routes) {
            if (r.matches(requestPath) && (best == null || r.path.length() > best.path.length())) {
                best = r;
            }
        }
        return best;
    }

    HttpHandler fallbackHandler() {
        return fallback;
    }

    /** The routes in the order they were added. */
    List<Route> routes() {
        return List.copyOf(routes);
    }
}
