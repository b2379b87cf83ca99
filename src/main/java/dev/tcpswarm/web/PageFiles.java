package dev.tcpswarm.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The status page's files, read from the jar once: the page, its script and style sheet (under
 * {@code dev/tcpswarm/web/}), and the chart library uPlot from its WebJar
 * ({@code org.webjars.npm:uplot}), so that the page needs no internet and no CDN. Immutable; any
 * thread.
 */
final class PageFiles {
    /** A file to serve: its bytes and content type. */
    record File(byte[] bytes, String contentType) {
    }

    private static final String OWN = "/dev/tcpswarm/web/";
    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final Map<String, File> byPath;

    private PageFiles(Map<String, File> byPath) {
        this.byPath = byPath;
    }

    /** Reads every file; fails when one is missing from the jar. */
    static PageFiles load() {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        return new PageFiles(Map.of(
                "/", new File(read(OWN + "status.html"), "text/html; charset=utf-8"),
                "/status.js", new File(read(OWN + "status.js"), "text/javascript; charset=utf-8"),
                "/status.css", new File(read(OWN + "status.css"), "text/css; charset=utf-8"),
                "/uplot/uPlot.iife.min.js", new File(read(uplot + "uPlot.iife.min.js"), "text/javascript; charset=utf-8"),
                "/uplot/uPlot.min.css", new File(read(uplot + "uPlot.min.css"), "text/css; charset=utf-8")));
    }

    /** The file at {@code path}, or null. */
    File get(String path) {
        return byPath.get(path);
    }

    /** The WebJar's version of uPlot, e.g. {@code 1.6.30}. */
    static String uplotVersion() {
        try (InputStream in = PageFiles.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the chart library (WebJar org.webjars.npm:uplot) is not in the jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
