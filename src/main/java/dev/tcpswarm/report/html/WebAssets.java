package dev.tcpswarm.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The files a page is built from, read from the classpath at run time: the chart library (uPlot,
 * from its WebJar {@code org.webjars.npm:uplot}, never from a CDN, so that a page works offline)
 * and tcpswarm's own scripts and style sheet under {@code dev/tcpswarm/report/html/}. Shared by
 * every page: the run and ramp reports here, and any page served over HTTP. Stateless; any thread.
 */
public final class WebAssets {
    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String OWN = "/dev/tcpswarm/report/html/";

    private WebAssets() {
    }

    /** The WebJar's version of uPlot, e.g. {@code 1.6.30}. */
    public static String uplotVersion() {
        return Holder.VERSION;
    }

    /** uPlot's script (the minified build that defines the global {@code uPlot}). */
    public static String uplotScript() {
        return Holder.SCRIPT;
    }

    /** uPlot's style sheet. */
    public static String uplotStyle() {
        return Holder.STYLE;
    }

    /** One of tcpswarm's own page files, e.g. {@code charts.js}. */
    public static String own(String name) {
        return read(OWN + name);
    }

    /** Read once, on first use. */
    private static final class Holder {
        static final String VERSION = webjarVersion();
        static final String SCRIPT = read(webjarPath("dist/uPlot.iife.min.js"));
        static final String STYLE = read(webjarPath("dist/uPlot.min.css"));

        private static String webjarPath(String file) {
            return "/META-INF/resources/webjars/uplot/" + VERSION + "/" + file;
        }

        private static String webjarVersion() {
            try (InputStream in = WebAssets.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
                if (in == null) {
                    throw new IllegalStateException("the chart library (WebJar org.webjars.npm:uplot) is not on the "
                            + "classpath");
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = WebAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
