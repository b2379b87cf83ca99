package dev.tcpswarm.web;

import dev.tcpswarm.report.html.WebAssets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The status page's files, read from the jar once: the page, its script and style sheet (under
 * {@code dev/tcpswarm/web/}), tcpswarm's chart layer and style sheet shared with the HTML reports,
 * and the chart library uPlot from its WebJar ({@link WebAssets}), so that the page needs no
 * internet and no CDN. Immutable; any thread.
 */
final class PageFiles {
    /** A file to serve: its bytes and content type. */
    record File(byte[] bytes, String contentType) {
    }

    private static final String OWN = "/dev/tcpswarm/web/";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";

    private final Map<String, File> byPath;

    private PageFiles(Map<String, File> byPath) {
        this.byPath = byPath;
    }

    /** Reads every file; fails when one is missing from the jar. */
    static PageFiles load() {
        return new PageFiles(Map.of(
                "/", new File(read(OWN + "status.html"), "text/html; charset=utf-8"),
                "/status.js", new File(read(OWN + "status.js"), JS),
                "/status.css", new File(read(OWN + "status.css"), CSS),
                "/charts.js", new File(utf8(WebAssets.own("charts.js")), JS),
                "/report.css", new File(utf8(WebAssets.own("report.css")), CSS),
                "/uplot/uPlot.iife.min.js", new File(utf8(WebAssets.uplotScript()), JS),
                "/uplot/uPlot.min.css", new File(utf8(WebAssets.uplotStyle()), CSS)));
    }

    /** The file at {@code path}, or null. */
    File get(String path) {
        return byPath.get(path);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String resource) {
        try (InputStream in = PageFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
