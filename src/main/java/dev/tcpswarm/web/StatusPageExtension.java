package dev.tcpswarm.web;

import com.sun.net.httpserver.HttpHandler;
import dev.tcpswarm.metrics.ListenAddress;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.store.StoreConfig;
import dev.tcpswarm.store.StoreException;
import dev.tcpswarm.store.StoreReader;
import dev.tcpswarm.store.StoreSection;
import dev.tcpswarm.verdict.ExitCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * The status page as a monitor extension: on the monitor's HTTP server (the one serving
 * {@code /metrics}; none without one), when the monitor has a store, it serves the page and its API
 * from the {@link StatusBoard} sink and a reader of the store. Without a store, {@code /} says what
 * the page needs. Registered after the store's extension, which made or migrated the file. The
 * command's thread.
 */
public final class StatusPageExtension implements MonitorExtension {
    @Override
    public Attachment attach(Context context) throws ExtensionException {
        if (context.config().metricsListen() == null) {
            return Attachment.NONE;
        }
        StoreConfig store = context.config().extension(StoreSection.INSTANCE, StoreConfig.class);
        if (store == null) {
            return new Attachment() {
                @Override
                public HttpHandler pages() {
                    return StatusPageExtension::needsStore;
                }
            };
        }
        StoreReader reader;
        Resume resume;
        try {
            reader = StoreReader.open(store.path(), false);
            resume = reader.resume();
        } catch (StoreException e) {
            throw new ExtensionException(e.getMessage(), e.exitCode());
        } catch (SQLException e) {
            throw new ExtensionException(store.path() + ": cannot read the store: " + e.getMessage(), ExitCode.DATA_ERROR);
        }
        StatusBoard board = new StatusBoard(resume);
        StatusPages pages = new StatusPages(new StatusApi(board, reader, context.clock()));
        return new Attachment() {
            @Override
            public List<MonitorListener> sinks() {
                return List.of(board);
            }

            @Override
            public HttpHandler pages() {
                return pages;
            }

            @Override
            public String banner(InetSocketAddress http) {
                return "status page on " + statusPage(http);
            }

            @Override
            public String statusPage(InetSocketAddress http) {
                return "http://" + ListenAddress.format(http) + "/";
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }

    private static void needsStore(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
        byte[] body = ("no status page: it shows the history, so it needs the store (store: {path: ...} in the config,"
                + " or --store FILE); metrics are at /metrics\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
